package dev.workcluster.leader;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and links, ahead of need, the classes a node first uses when it becomes the Raft leader:
 * Ratis' leader state and log appenders, and this module's leader duties. A follower never ran
 * them, so without this the first failover pays for reading and verifying a few hundred classes
 * between winning the vote and serving its first commit (about 200 ms of a failover measured on
 * two busy cores), while the group has no one to take work. Nothing is initialised: no static
 * state is created before it would have been.
 */
public final class LeaderClasses {
    private static final Logger log = LoggerFactory.getLogger(LeaderClasses.class);
    /** Packages whose classes a leader loads and a follower mostly does not, each with a class that lives there. */
    private static final List<Class<?>> ANCHORS = List.of(
            org.apache.ratis.server.impl.ServerImplUtils.class,
            org.apache.ratis.server.leader.LogAppenderBase.class,
            org.apache.ratis.grpc.server.GrpcLogAppender.class,
            org.apache.ratis.server.raftlog.RaftLogBase.class,
            LeaderServer.class);

    private LeaderClasses() {}

    /** Preloads on a background thread of lowest priority, so that serving never waits for it. */
    public static void preloadInBackground() {
        Thread thread = new Thread(LeaderClasses::preload, "leader-classes-preload");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Loads and links every class of the anchors' packages; returns how many. */
    static int preload() {
        long started = System.nanoTime();
        int loaded = 0;
        int methods = 0;
        ClassLoader loader = LeaderClasses.class.getClassLoader();
        for (String name : classesBeside(ANCHORS)) {
            try {
                // Reflecting over the methods links (verifies) the class without initialising it.
                methods += Class.forName(name, false, loader).getDeclaredMethods().length;
                loaded++;
            } catch (LinkageError | ClassNotFoundException e) {
                // an optional dependency this node does not have: the class is never used here
            }
        }
        log.info(
                "event=leader_classes_preloaded classes={} methods={} ms={}",
                loaded,
                methods,
                (System.nanoTime() - started) / 1_000_000);
        return loaded;
    }

    /**
     * Names of the classes in each anchor's package and below it, from its jar or directory;
     * each jar is read once, however many of the anchors live in it (the node's fat jar holds all).
     */
    static List<String> classesBeside(List<Class<?>> anchors) {
        Map<Path, List<String>> packagesByLocation = new LinkedHashMap<>();
        for (Class<?> anchor : anchors) {
            try {
                Path location = Path.of(anchor.getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                packagesByLocation
                        .computeIfAbsent(location, l -> new ArrayList<>())
                        .add(anchor.getPackageName().replace('.', '/') + "/");
            } catch (URISyntaxException | RuntimeException e) {
                log.debug("event=leader_classes_unlisted package={} error={}", anchor.getPackageName(), e.toString());
            }
        }
        List<String> names = new ArrayList<>();
        packagesByLocation.forEach((location, packages) -> {
            try (Stream<String> paths = classFiles(location)) {
                paths.filter(path -> packages.stream().anyMatch(path::startsWith))
                        .forEach(path -> names.add(className(path)));
            } catch (IOException | RuntimeException e) {
                log.debug("event=leader_classes_unlisted location={} error={}", location, e.toString());
            }
        });
        return names;
    }

    /** The class files under a class directory or in a jar, as paths relative to its root. */
    private static Stream<String> classFiles(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return Files.walk(location)
                    .map(file -> location.relativize(file).toString().replace('\\', '/'))
                    .filter(LeaderClasses::isClassFile);
        }
        JarFile jar = new JarFile(location.toFile());
        return jar.stream()
                .map(JarEntry::getName)
                .filter(LeaderClasses::isClassFile)
                .onClose(() -> {
                    try {
                        jar.close();
                    } catch (IOException e) {
                        log.debug("event=leader_classes_jar_not_closed location={} error={}", location, e.toString());
                    }
                });
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}

package dev.workcluster.leader;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        for (Class<?> anchor : ANCHORS) {
            for (String name : classesBeside(anchor)) {
                try {
                    // Reflecting over the methods links (verifies) the class without initialising it.
                    methods +=
                            Class.forName(name, false, anchor.getClassLoader()).getDeclaredMethods().length;
                    loaded++;
                } catch (LinkageError | ClassNotFoundException e) {
                    // an optional dependency this node does not have: the class is never used here
                }
            }
        }
        log.info(
                "event=leader_classes_preloaded classes={} methods={} ms={}",
                loaded,
                methods,
                (System.nanoTime() - started) / 1_000_000);
        return loaded;
    }

    /** Names of the classes in {@code anchor}'s package and below it, from its jar or directory. */
    static List<String> classesBeside(Class<?> anchor) {
        String packagePath = anchor.getPackageName().replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try {
            Path location = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path root = location.resolve(packagePath);
                try (Stream<Path> files = Files.walk(root)) {
                    files.map(file -> location.relativize(file).toString().replace('\\', '/'))
                            .filter(LeaderClasses::isClassFile)
                            .forEach(path -> names.add(className(path)));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream()
                            .map(JarEntry::getName)
                            .filter(path -> path.startsWith(packagePath) && isClassFile(path))
                            .forEach(path -> names.add(className(path)));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            log.debug("event=leader_classes_unlisted package={} error={}", anchor.getPackageName(), e.toString());
        }
        return names;
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}

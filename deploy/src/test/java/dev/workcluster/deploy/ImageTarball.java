package dev.workcluster.deploy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.workcluster.testkit.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image tarball Jib wrote ({@code docker load} format: manifest.json, the config, one
 * gzipped tar per layer), unpacked with the system's {@code tar} so a test can read the
 * image's configuration and what its layers hold.
 */
final class ImageTarball {
    /** One path in a layer: {@code mode} as {@code tar -tv} shows it, e.g. {@code -rwxr-xr-x}. */
    record Entry(String path, String mode, String owner, long size) {}

    private final JsonObject config;
    private final Map<String, Entry> files = new LinkedHashMap<>();
    private final long compressedLayerBytes;

    private ImageTarball(JsonObject config, List<Entry> entries, long compressedLayerBytes) {
        this.config = config;
        entries.forEach(entry -> files.put(entry.path(), entry));
        this.compressedLayerBytes = compressedLayerBytes;
    }

    /** The tarball the build made (the {@code image.tar} property surefire passes), unpacked under {@code dir}. */
    static ImageTarball built(Path dir) throws IOException, InterruptedException {
        String tar = System.getProperty("image.tar");
        if (tar == null || !Files.isRegularFile(Path.of(tar))) {
            throw new IllegalStateException(
                    "no image tarball at " + tar + ": build it with ./mvnw -pl deploy -am verify");
        }
        return open(Path.of(tar), dir);
    }

    static ImageTarball open(Path tarball, Path dir) throws IOException, InterruptedException {
        run(dir, "tar", "-xf", tarball.toString(), "-C", dir.toString());
        JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json")))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject();
        JsonObject config = JsonParser.parseString(
                        Files.readString(dir.resolve(manifest.get("Config").getAsString())))
                .getAsJsonObject();
        List<Entry> entries = new ArrayList<>();
        long compressed = 0;
        for (var layer : manifest.getAsJsonArray("Layers")) {
            Path file = dir.resolve(layer.getAsString());
            compressed += Files.size(file);
            for (String line :
                    run(dir, "tar", "--warning=no-unknown-keyword", "--numeric-owner", "-tvzf", file.toString())) {
                String[] fields = line.trim().split("\\s+", 6);
                // mode owner/group size date time path
                String path = "/" + fields[5].replaceFirst("^\\./", "").replaceFirst("/$", "");
                entries.add(new Entry(path, fields[0], fields[1], Long.parseLong(fields[2])));
            }
        }
        return new ImageTarball(config, entries, compressed);
    }

    /** The container part of the image's configuration: Entrypoint, Cmd, User, Env, ExposedPorts, Labels... */
    JsonObject container() {
        return config.getAsJsonObject("config");
    }

    /** The health check command the image names in its label, exec form: {@code ["CMD", "/opt/java/bin/java", ...]}. */
    List<String> healthCheck() {
        List<String> command = new ArrayList<>();
        JsonParser.parseString(container()
                        .getAsJsonObject("Labels")
                        .get("dev.workcluster.healthcheck")
                        .getAsString())
                .getAsJsonArray()
                .forEach(arg -> command.add(arg.getAsString()));
        return List.copyOf(command);
    }

    Map<String, Entry> files() {
        return files;
    }

    /** What a registry stores and a host downloads: the gzipped layers. */
    long compressedLayerBytes() {
        return compressedLayerBytes;
    }

    private static List<String> run(Path dir, String... command) throws IOException, InterruptedException {
        return Program.of(command)
                .in(dir)
                .run()
                .requireSuccess(List.of(command))
                .stdout()
                .lines()
                .toList();
    }
}

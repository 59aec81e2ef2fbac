package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the built image tarball promises: how it starts, as whom, what it exposes, and what it holds. */
class ImageConfigTest {
    static final String CLASSPATH = "/app/resources:/app/classes:/app/libs/*";
    private static Path dir;
    private static ImageTarball image;

    @BeforeAll
    static void unpack() throws Exception {
        dir = TemporaryDirectories.create("image-config");
        image = ImageTarball.built(dir);
    }

    @AfterAll
    static void clean() {
        TemporaryDirectories.delete(dir);
    }

    @Test
    void startsTheCommandLineOnItsOwnRuntimeAsALeaderByDefault() {
        JsonObject container = image.container();
        assertThat(strings(container.getAsJsonArray("Entrypoint")))
                .containsExactly(
                        "/opt/java/bin/java",
                        "-XX:MaxRAMPercentage=75",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        CLASSPATH + ":/opt/workcluster/ext/*",
                        "dev.workcluster.cli.Main");
        assertThat(strings(container.getAsJsonArray("Cmd"))).containsExactly("leader");
        assertThat(strings(container.getAsJsonArray("Env")))
                .contains("WORKCLUSTER_DATA_DIR=/var/lib/workcluster", "PATH=/opt/java/bin");
        assertThat(container.get("WorkingDir").getAsString()).isEqualTo("/var/lib/workcluster");
    }

    @Test
    void runsAsTheUnprivilegedUserItNames() {
        assertThat(image.container().get("User").getAsString()).isEqualTo("10001:10001");
        assertThat(image.files()).containsKey("/etc/passwd");
        assertThat(image.files().get("/etc/passwd").size()).isPositive();
    }

    @Test
    void exposesTheClientSchedulerRaftAndHttpPortsAndKeepsRaftDataInAVolume() {
        JsonObject container = image.container();
        assertThat(container.getAsJsonObject("ExposedPorts").keySet())
                .containsExactlyInAnyOrder("50051/tcp", "50052/tcp", "50053/tcp", "50080/tcp");
        assertThat(container.getAsJsonObject("Volumes").keySet()).containsExactly("/var/lib/workcluster");
        assertThat(image.files().get("/var/lib/workcluster").mode()).isEqualTo("drwxrwxrwx");
    }

    @Test
    void labelsNameItAndCarryTheHealthCheckCommand() {
        JsonObject labels = image.container().getAsJsonObject("Labels");
        assertThat(labels.get("org.opencontainers.image.title").getAsString()).isEqualTo("workcluster");
        assertThat(labels.get("org.opencontainers.image.version").getAsString()).isEqualTo(projectVersion());
        assertThat(labels.get("org.opencontainers.image.licenses").getAsString())
                .isEqualTo("Apache-2.0");
        assertThat(image.healthCheck())
                .startsWith("CMD", "/opt/java/bin/java")
                .containsSubsequence("-cp", CLASSPATH, "dev.workcluster.cli.Main", "health", "--leader");
    }

    @Test
    void holdsARuntimeTheCommandLineAndNoShell() {
        assertThat(image.files().get("/opt/java/bin/java").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(image.files().get("/lib64/ld-linux-x86-64.so.2").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(image.files()).containsKey("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(image.files().keySet())
                .anyMatch(path -> path.matches("/app/libs/workcluster-cli-.*\\.jar"))
                .noneMatch(path -> path.matches("/app/libs/(jmh|workcluster-bench|junit).*"))
                .doesNotContain("/bin/sh", "/usr/bin/sh", "/bin/bash");
        assertThat(image.files().values()).allMatch(entry -> entry.owner().equals("0/0"));
    }

    @Test
    void isSmall() {
        // 2026-12-02, JDK 17 runtime: 62 MiB compressed, 92 MB as podman stores it.
        assertThat(image.compressedLayerBytes()).isLessThan(80L << 20);
    }

    private static List<String> strings(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(element -> element.getAsString())
                .toList();
    }

    private static String projectVersion() {
        return System.getProperty("project.version");
    }
}

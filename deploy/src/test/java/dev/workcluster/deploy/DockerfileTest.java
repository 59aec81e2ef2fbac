package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/image/Dockerfile, for users who build with Docker, stays the image the Maven build
 * makes with Jib: podman builds it (no daemon, no registry: it starts FROM scratch) and its
 * configuration is compared with the Jib tarball's, key by key.
 */
class DockerfileTest {
    private static final List<String> SAME =
            List.of("Entrypoint", "Cmd", "User", "WorkingDir", "ExposedPorts", "Volumes", "Labels");

    @Test
    void buildsTheSameImageAsJibPlusAHealthCheck() throws Exception {
        Podman podman = Podman.onThisMachine();
        Path root = Path.of(System.getProperty("repository.root"));
        String tag = "localhost/workcluster-dockerfile-test:"
                + ProcessHandle.current().pid();
        Path dir = TemporaryDirectories.create("dockerfile");
        try {
            ImageTarball image = ImageTarball.built(dir);
            JsonObject jib = image.container();
            String version = System.getProperty("project.version");
            podman.build(root, root.resolve("deploy/image/Dockerfile"), tag, List.of("VERSION=" + version));
            JsonObject inspected = JsonParser.parseString(podman.inspectImage(tag))
                    .getAsJsonArray()
                    .get(0)
                    .getAsJsonObject();
            JsonObject built = inspected.getAsJsonObject("Config");

            built.getAsJsonObject("Labels").remove("io.buildah.version"); // the builder's own stamp
            for (String key : SAME) {
                assertThat(built.get(key)).as(key).isEqualTo(jib.get(key));
            }
            assertThat(built.getAsJsonArray("Env")).containsAll(jib.getAsJsonArray("Env"));
            List<String> healthLabel = image.healthCheck();
            List<String> healthcheck = new ArrayList<>();
            inspected
                    .getAsJsonObject("Healthcheck")
                    .getAsJsonArray("Test")
                    .forEach(a -> healthcheck.add(a.getAsString()));
            assertThat(healthcheck).isEqualTo(healthLabel);

            assertThat(podman.runToEnd(tag, List.of("--version")))
                    .returns(0, Podman.Result::exitCode)
                    .extracting(Podman.Result::output)
                    .asString()
                    .contains("workcluster " + version);
        } finally {
            podman.remove(List.of(), tag);
            TemporaryDirectories.delete(dir);
        }
    }
}

package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ECS stack and the image agree: the leaders' health check is the one the image names. */
class StackImageTest {
    @Test
    void leadersCheckTheirHealthWithTheImagesCommand() throws Exception {
        EcsTemplate template = EcsTemplate.read(
                Path.of(System.getProperty("repository.root"), "deploy/ecs/workcluster-ecs.template.json"));
        Path dir = TemporaryDirectories.create("stack-image");
        try {
            List<String> imageCheck = ImageTarball.built(dir).healthCheck();

            assertThat(template.leaders())
                    .hasSize(3)
                    .allSatisfy(leader -> assertThat(leader.healthCheck()).isEqualTo(imageCheck));
            assertThat(template.worker().healthCheck())
                    .as("workers have no port to check")
                    .isEmpty();
        } finally {
            TemporaryDirectories.delete(dir);
        }
    }
}

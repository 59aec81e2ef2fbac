package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.TemporaryDirectories;
import dev.workcluster.worker.WorkerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The README's "Submitting work from Java" example, taken from the README, compiled and run against a leader. */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE =
            Pattern.compile("## Submitting work from Java.*?```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theExampleCompilesAndRunsATaskToItsResult() throws Exception {
        Matcher example = EXAMPLE.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(example.find()).as("the example in README.md").isTrue();
        Path dir = TemporaryDirectories.create("readme-example");
        try (EmbeddedCluster cluster = EmbeddedCluster.start("readme-example", config -> config)) {
            cluster.startWorker(
                    WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1),
                    context -> "resized " + context.payload());
            Path source = Files.writeString(dir.resolve("SubmitExample.java"), example.group(1));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int compiled = javac.run(
                    null,
                    null,
                    null,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-d",
                    dir.toString(),
                    source.toString());
            assertThat(compiled).as("javac exit status").isZero();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
                Method main = loader.loadClass("SubmitExample").getMethod("main", String[].class);
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                main.invoke(null, (Object) new String[] {cluster.address()});
            } finally {
                System.setOut(stdout);
            }
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                    .isEqualTo(List.of("done: resized resize photo-17.jpg"));
        } finally {
            TemporaryDirectories.delete(dir);
        }
    }
}

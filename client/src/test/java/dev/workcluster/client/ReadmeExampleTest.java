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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's "Submitting work from Java" examples, taken from the README, compiled and run
 * against a leader, in the order they appear.
 */
class ReadmeExampleTest {
    private static final Pattern SECTION =
            Pattern.compile("## Submitting work from Java\\n(.*?)\\n## ", Pattern.DOTALL);
    private static final Pattern EXAMPLE = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @Test
    void theExamplesCompileAndRunTheirTasks() throws Exception {
        Matcher section = SECTION.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(section.find()).as("the section in README.md").isTrue();
        Map<String, String> examples = new LinkedHashMap<>();
        for (Matcher example = EXAMPLE.matcher(section.group(1)); example.find(); ) {
            Matcher name = CLASS_NAME.matcher(example.group(1));
            assertThat(name.find()).as("a public class in " + example.group(1)).isTrue();
            examples.put(name.group(1), example.group(1));
        }
        assertThat(examples).containsOnlyKeys("SubmitExample", "WatchExample");

        Path dir = TemporaryDirectories.create("readme-example");
        try (EmbeddedCluster cluster = EmbeddedCluster.start("readme-example", config -> config)) {
            cluster.startWorker(
                    WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1),
                    context -> "resized " + context.payload());
            List<String> output = new ArrayList<>();
            for (Map.Entry<String, String> example : examples.entrySet()) {
                output.addAll(compileAndRun(dir, example.getKey(), example.getValue(), cluster.address()));
            }
            assertThat(output).containsExactly("done: resized resize photo-17.jpg", "photo-18.jpg: COMPLETED");
        } finally {
            TemporaryDirectories.delete(dir);
        }
    }

    /** The lines {@code source}'s main prints, given the node's address. */
    private List<String> compileAndRun(Path dir, String className, String source, String address) throws Exception {
        Path file = Files.writeString(dir.resolve(className + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(
                null, null, null, "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertThat(compiled).as("javac exit status for " + className).isZero();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {address});
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}

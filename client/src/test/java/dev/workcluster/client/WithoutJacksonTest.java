package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.WorkerOptions;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Jackson is an optional dependency: an application without it uses everything but the JSON
 * helpers, and those say what to add. The client runs in a class loader built from this test's
 * class path less Jackson's jars (parent: the platform loader, so nothing comes from the test's
 * own loader), which records every class it is asked for: a Jackson type reached from a class
 * the plain API loads (a static mapper, a signature, a catch clause the verifier checks) would
 * show up there, or fail the run with NoClassDefFoundError.
 */
class WithoutJacksonTest {
    private static final String JSON = "dev.workcluster.client.internal.Json";
    private static final String CODEC = "dev.workcluster.client.internal.JacksonCodec";

    @Test
    void everythingButJsonWorksWithoutJacksonAndTheJsonHelpersNameWhatIsMissing() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start("client-no-jackson", config -> config);
                RecordingLoader loader = new RecordingLoader(classPathWithoutJackson())) {
            cluster.startWorker(
                    WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> "did " + context.payload());
            @SuppressWarnings("unchecked")
            Function<String, List<String>> scenario =
                    (Function<String, List<String>>) loader.loadClass(NoJacksonScenario.class.getName())
                            .getConstructor()
                            .newInstance();

            assertThat(scenario.apply(cluster.address()))
                    .containsExactly("result: did text", "bytes: [1, 2, 3]", "watched: [nj-bytes, nj-text]");
            assertThat(loader.requested)
                    .as("classes the client's loader was asked for")
                    .contains(WorkClient.class.getName(), TaskWatch.class.getName(), TaskSpec.class.getName())
                    .doesNotContain(JSON, CODEC)
                    .noneMatch(name -> name.startsWith("com.fasterxml.jackson"));

            assertThat(scenario.apply("json"))
                    .containsExactly("ofJson: the JSON helpers need Jackson: add com.fasterxml.jackson.core:"
                            + "jackson-databind (2.12 or later) to the application's dependencies"
                            + " (workcluster-client declares it optional)");
            assertThat(loader.requested).doesNotContain(CODEC);
            // The loader really lacks Jackson, and the test's own loader has it: the check above meant something.
            assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(Class.forName("com.fasterxml.jackson.databind.ObjectMapper"))
                    .isNotNull();
        }
    }

    private static URL[] classPathWithoutJackson() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : Pattern.compile(File.pathSeparator, Pattern.LITERAL)
                .splitAsStream(System.getProperty("java.class.path"))
                .toList()) {
            if (!entry.replace(File.separatorChar, '/').contains("/com/fasterxml/jackson/")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads on its own (the platform loader above it), noting every class name it is asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super("without-jackson", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}

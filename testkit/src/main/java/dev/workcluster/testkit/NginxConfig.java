package dev.workcluster.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx template of {@code deploy/nginx/workcluster.conf} made concrete: its {@code {{NAME}}}
 * placeholders filled, and chosen directives given other values. Both fail loudly when the template no
 * longer has what they expect, so a changed template cannot silently leave a test's setting out.
 */
final class NginxConfig {
    static final String TEMPLATE = "deploy/nginx/workcluster.conf";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\w+}}");
    private static final List<Path> SBIN_DIRS =
            List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/nginx/sbin"));

    private NginxConfig() {}

    /**
     * {@code template} with each placeholder {@code {{KEY}}} replaced, and each directive in {@code directives}
     * (one that appears exactly once, at the start of a line) set to the given value.
     */
    static String render(String template, Map<String, String> placeholders, Map<String, String> directives) {
        String text = template;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            String key = "{{" + placeholder.getKey() + "}}";
            if (!text.contains(key)) {
                throw new IllegalArgumentException("the nginx template has no placeholder " + key);
            }
            text = text.replace(key, placeholder.getValue());
        }
        Matcher unfilled = PLACEHOLDER.matcher(text);
        if (unfilled.find()) {
            throw new IllegalArgumentException(
                    "the nginx template's placeholder " + unfilled.group() + " was not filled");
        }
        for (Map.Entry<String, String> directive : directives.entrySet()) {
            text = setDirective(text, directive.getKey(), directive.getValue());
        }
        return text;
    }

    private static String setDirective(String text, String name, String value) {
        Matcher matcher = Pattern.compile("(?m)^(\\s*)" + Pattern.quote(name) + "\\s+[^;]*;")
                .matcher(text);
        List<Found> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(new Found(matcher.start(), matcher.end(), matcher.group(1)));
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException(
                    "directive " + name + " appears " + found.size() + " times in the nginx template, not once");
        }
        Found match = found.get(0);
        return text.substring(0, match.start) + match.indent + name + " " + value + ";" + text.substring(match.end);
    }

    private record Found(int start, int end, String indent) {}

    /** The nginx executable: on the PATH, or in an sbin directory a non-root PATH leaves out. */
    static Path binary() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.addAll(SBIN_DIRS);
        for (Path dir : dirs) {
            Path candidate = dir.resolve("nginx");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed, and the proxy tests run a real one: install it"
                + " (apt-get install nginx-light, as .ci/run does); looked in " + dirs);
    }
}

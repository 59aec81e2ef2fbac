package dev.workcluster.worker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;

/** Defaults that need the environment: worker id, library version. */
public final class OptionDefaults {
    private static final String VERSION = loadVersion();

    private OptionDefaults() {}

    /** {@code hostname-pid}; the host name falls back to $HOSTNAME, then "worker". */
    public static String workerId() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    /** The library's Maven version, sent in Hello. */
    public static String libraryVersion() {
        return VERSION;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException | SecurityException e) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "worker" : env;
    }

    private static String loadVersion() {
        try (InputStream in = OptionDefaults.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

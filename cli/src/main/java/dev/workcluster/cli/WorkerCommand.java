package dev.workcluster.cli;

import dev.workcluster.cli.client.TlsOptions;
import dev.workcluster.cli.handlers.Handlers;
import dev.workcluster.leader.http.HttpPort;
import dev.workcluster.leader.http.MetricsHandler;
import dev.workcluster.leader.metrics.ProcessMeters;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Transport;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code workcluster worker}: runs a worker built on the worker library with a built-in or
 * user-supplied handler, until SIGTERM or SIGINT, which drain it gracefully.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run a worker until SIGTERM/SIGINT, which let running tasks finish (up to --shutdown-grace) "
                + "and hand the rest back.")
public final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // The seed's workers talked to SCHEDULER_ADDR for TaskComplete; every workcluster leader port serves
    // every service, so that address reaches the leader too and is used when LEADER_ADDR is not set.
    @Option(
            names = "--leader",
            paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:WORKCLUSTER_LEADER:-${env:LEADER_ADDR:-${env:SCHEDULER_ADDR:-localhost:50051}}}",
            description = "Leader address(es); the worker follows redirects and fails over among them "
                    + "(env WORKCLUSTER_LEADER, LEADER_ADDR, SCHEDULER_ADDR; default localhost:50051).")
    String leader;

    @Option(
            names = "--id",
            paramLabel = "ID",
            defaultValue = "${env:WORKCLUSTER_WORKER_ID:-${env:WORKER_NAME}}",
            description =
                    "Member id, unique in the cluster (env WORKCLUSTER_WORKER_ID, WORKER_NAME; default host-pid).")
    String id;

    @Option(
            names = "--slots",
            paramLabel = "N",
            defaultValue = "${env:WORKCLUSTER_SLOTS}",
            description =
                    "Tasks run at once; push mode always runs one (env WORKCLUSTER_SLOTS; default the CPU count).")
    Integer slots;

    @Option(
            names = "--transport",
            paramLabel = "stream|push",
            converter = TransportConverter.class,
            defaultValue = "${env:WORKCLUSTER_TRANSPORT:-stream}",
            description = "stream: one session stream, no inbound port; push: the seed's wiring, the leader calls "
                    + "this worker's WorkerService (env WORKCLUSTER_TRANSPORT; default stream).")
    Transport transport;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:WORKCLUSTER_WORKER_PORT:-${env:WORKER_PORT:-40041}}",
            description = "Push mode: port of worker.v1.WorkerService, 0 = any free port "
                    + "(env WORKCLUSTER_WORKER_PORT, WORKER_PORT; default 40041).")
    int port;

    @Option(
            names = "--advertise",
            paramLabel = "HOST[:PORT]",
            defaultValue = "${env:WORKCLUSTER_ADVERTISE:-${env:LOCAL_ADDR}}",
            description = "Push mode: address the leader calls; a bare host gets --port appended "
                    + "(env WORKCLUSTER_ADVERTISE, LOCAL_ADDR; default localhost:<port>).")
    String advertise;

    @Option(
            names = "--heartbeat-interval",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_HEARTBEAT_INTERVAL:-1s}",
            description = "How often the worker heartbeats (env WORKCLUSTER_HEARTBEAT_INTERVAL; default 1s).")
    Duration heartbeatInterval;

    @Option(
            names = "--shutdown-grace",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_SHUTDOWN_GRACE:-30s}",
            description = "On SIGTERM, running tasks get this long to finish before they are handed back "
                    + "(env WORKCLUSTER_SHUTDOWN_GRACE; default 30s).")
    Duration shutdownGrace;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "${env:WORKCLUSTER_HTTP_PORT:-0}",
            description = "HTTP port for this worker's Prometheus metrics at /metrics (tasks run, handler durations, "
                    + "failures, reconnects, the JVM); 0, the default, serves none (env WORKCLUSTER_HTTP_PORT).")
    int httpPort;

    @Option(
            names = "--label",
            paramLabel = "KEY=VALUE",
            description = "A label of this worker, which task selectors match (schedule --selector), e.g. "
                    + "--label gpu=true; repeatable, at most 32.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = "--queue",
            paramLabel = "NAME",
            split = ",",
            defaultValue = "${env:WORKCLUSTER_QUEUES}",
            description = "A named queue this worker takes tasks from (schedule --queue), e.g. --queue emails; "
                    + "repeatable or comma-separated, at most 32 (env WORKCLUSTER_QUEUES, comma-separated; default: "
                    + "every queue).")
    List<String> queues = new ArrayList<>();

    @Option(
            names = "--handler",
            paramLabel = "sleep|echo|exec",
            defaultValue = "${env:WORKCLUSTER_HANDLER:-sleep}",
            description = "Built-in handler: sleep (payload 'sleep 2s'; anything else sleeps 1-5 s), echo, or exec "
                    + "(runs the payload with /bin/sh; needs --allow-exec) (env WORKCLUSTER_HANDLER; default sleep).")
    String handler;

    // Deliberately flag-only: running whatever a scheduler client sends should be a visible choice.
    @Option(names = "--allow-exec", description = "Accept that --handler exec runs any client's payload as a command.")
    boolean allowExec;

    @Option(
            names = "--handler-class",
            paramLabel = "CLASS",
            description = "Your own dev.workcluster.worker.TaskHandler, loaded from the classpath (public no-arg "
                    + "constructor); used instead of --handler.")
    String handlerClass;

    @Mixin
    TlsOptions tls;

    @Option(
            names = "--print-config",
            description = "Print the configuration resolved from flags, environment and defaults, then exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        WorkerOptions options = options();
        TaskHandler taskHandler = handler();
        PrintWriter out = spec.commandLine().getOut();
        if (printConfig) {
            ConfigPrinter.print(options, handlerName(), allowExec, out);
            return 0;
        }
        PrometheusMeterRegistry registry = null;
        HttpPort http = null;
        if (httpPort > 0) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ProcessMeters.bindTo(registry);
            options = options.toBuilder().setMeterRegistry(registry).build();
            http = HttpPort.start("0.0.0.0", httpPort, Map.of("/metrics", MetricsHandler.of(registry::scrape)));
        }
        try {
            Worker worker = Worker.start(options, taskHandler);
            worker.installShutdownHook();
            out.println(statusLine(worker, options)
                    + (http == null ? "" : ", metrics on http://0.0.0.0:" + http.port() + "/metrics"));
            out.flush();
            worker.awaitTermination();
        } finally {
            if (http != null) {
                http.close();
            }
        }
        return 0;
    }

    WorkerOptions options() {
        try {
            WorkerOptions.Builder builder = WorkerOptions.newBuilder()
                    .setLeaderAddresses(WorkerAddresses.leaders(leader))
                    .setTransport(transport)
                    .setPushListenPort(port)
                    .setPushAdvertisedAddress(WorkerAddresses.advertised(advertise, port))
                    .setHeartbeatInterval(heartbeatInterval)
                    .setShutdownGrace(shutdownGrace)
                    .setLabels(labels)
                    .setQueues(queues())
                    .setTls(tls.settings());
            if (id != null) {
                builder.setWorkerId(id);
            }
            if (slots != null) {
                builder.setSlots(slots);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw usageError("invalid worker configuration: " + e.getMessage());
        }
    }

    /**
     * WORKCLUSTER_QUEUES is read leniently, as environment lists are written ({@code "a, b"}, a
     * trailing comma; empty = every queue); an empty --queue is a mistake the options name.
     */
    private List<String> queues() {
        boolean fromEnvironment = !spec.commandLine().getParseResult().hasMatchedOption("--queue");
        return fromEnvironment
                ? queues.stream()
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .toList()
                : queues;
    }

    TaskHandler handler() {
        if (handlerClass != null && spec.commandLine().getParseResult().hasMatchedOption("--handler")) {
            throw usageError("give --handler or --handler-class, not both");
        }
        try {
            return handlerClass != null ? Handlers.fromClass(handlerClass) : Handlers.builtIn(handler, allowExec);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private String statusLine(Worker worker, WorkerOptions options) {
        boolean push = options.transport() == Transport.PUSH;
        int effectiveSlots = push ? 1 : options.slots();
        String where = !push
                ? ""
                : options.pushListenPort() == 0
                        ? " (WorkerService on a free port)"
                        : " (WorkerService on port " + options.pushListenPort() + ")";
        return "workcluster worker " + worker.id() + " running: transport "
                + options.transport().name().toLowerCase(Locale.ROOT) + where + ", " + effectiveSlots
                + (effectiveSlots == 1 ? " slot" : " slots") + ", leader " + String.join(",", options.leaderAddresses())
                + (options.queues().isEmpty() ? "" : ", queues " + String.join(",", options.queues()))
                + ", handler " + handlerName();
    }

    private String handlerName() {
        return handlerClass != null ? handlerClass : handler;
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code stream} or {@code push}, in any case. */
    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            try {
                return Transport.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a transport (use stream or push)");
            }
        }
    }
}

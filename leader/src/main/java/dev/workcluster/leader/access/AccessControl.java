package dev.workcluster.leader.access;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import java.util.function.Function;

/**
 * Everything a node's gRPC edge needs to know its callers and keep them to their roles: the
 * credentials of its ports and of its own calls to other nodes (mutual TLS, or plaintext when
 * off), the interceptor that names the caller and checks its role ({@link CallerIdentity}), and
 * the check that holds a worker to its member id ({@link MemberBinding}).
 *
 * <pre>{@code
 * try (AccessControl access = AccessControl.of(settings, taskId -> assignee(taskId))) {
 *     NettyServerBuilder.forAddress(address, access.serverCredentials()).intercept(access.identity());
 * }
 * }</pre>
 */
public final class AccessControl implements AutoCloseable {
    private final AccessSettings settings;
    private final NodeTls tls;
    private final CallerIdentity identity;
    private final RequestCheck memberBinding;

    private AccessControl(AccessSettings settings, NodeTls tls, Function<String, String> assigneeOfTask) {
        this.settings = settings;
        this.tls = tls;
        this.identity = new CallerIdentity(settings);
        this.memberBinding = settings.enforced() ? new MemberBinding(assigneeOfTask) : RequestCheck.NONE;
    }

    /** Loads the TLS files, if any (failing at once, naming the file, when one does not load). */
    public static AccessControl of(AccessSettings settings, Function<String, String> assigneeOfTask) {
        return new AccessControl(
                settings, settings.tls() == null ? null : NodeTls.load(settings.tls()), assigneeOfTask);
    }

    public AccessSettings settings() {
        return settings;
    }

    /** For the node's client ports. */
    public ServerCredentials serverCredentials() {
        return tls == null ? InsecureServerCredentials.create() : tls.serverCredentials();
    }

    /** For the node's calls to other nodes' client ports and to push-mode workers. */
    public ChannelCredentials channelCredentials() {
        return tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
    }

    /** The node's TLS, or null when its ports are plaintext. */
    public NodeTls tls() {
        return tls;
    }

    public ServerInterceptor identity() {
        return identity;
    }

    public RequestCheck requestCheck() {
        return memberBinding;
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
    }
}

package dev.workcluster.leader.access;

import io.grpc.Status;

/**
 * A look at each parsed request before its service sees it, such as whether a worker acts for
 * its own member id ({@link MemberBinding}). Runs on the call's serialised callbacks,
 * in the call's context.
 */
@FunctionalInterface
public interface RequestCheck {
    RequestCheck NONE = (method, request) -> null;

    /** Why the request to {@code fullMethodName} is refused (its call ends with this status), or null to let it through. */
    Status refusal(String fullMethodName, Object request);
}

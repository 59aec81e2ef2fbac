package dev.workcluster.leader.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do, from the OU of its verified client certificate: a {@code viewer}
 * reads, an {@code admin} also schedules and cancels, a {@code worker} joins, heartbeats,
 * holds a session and reports outcomes for its own member id only, and a {@code node}
 * (another leader node) may forward any call on behalf of the caller it names.
 */
public enum Role {
    VIEWER,
    ADMIN,
    WORKER,
    NODE;

    /** The role an OU names ({@code worker}, {@code admin}, {@code viewer}, {@code node}; any case), if any. */
    public static Optional<Role> ofUnit(String organizationalUnit) {
        if (organizationalUnit == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.label().equals(organizationalUnit.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** As it stands in a certificate's OU and in error messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

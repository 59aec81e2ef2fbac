package dev.workcluster.leader.access;

import io.grpc.Context;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who makes a call, as a verified certificate says: its CN is the principal, its OU the role.
 *
 * @param principal the certificate subject's CN (a worker's member id)
 * @param role      from the subject's OU
 * @param subject   the whole subject (RFC 2253), as it is forwarded between nodes
 */
public record Caller(String principal, Role role, String subject) {
    /** The caller of the call in progress, set by {@link CallerIdentity} when access control is on. */
    static final Context.Key<Caller> CURRENT = Context.key("workcluster-caller");

    /** The caller of the current call, if access control is on and it is known. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Reads a subject such as {@code CN=w1,OU=worker,O=workcluster}. Fails, naming the subject,
     * without exactly one CN or without an OU that names a role.
     */
    public static Caller fromSubject(String subject) {
        LdapName name;
        try {
            name = new LdapName(subject);
        } catch (InvalidNameException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate subject '" + subject + "' is not a distinguished name");
        }
        String commonName = null;
        Role role = null;
        for (Rdn rdn : name.getRdns()) {
            String type = rdn.getType();
            String value = String.valueOf(rdn.getValue());
            if (type.equalsIgnoreCase("CN")) {
                if (commonName != null) {
                    throw new IllegalArgumentException("the certificate subject '" + subject + "' has two CNs");
                }
                commonName = value;
            } else if (type.equalsIgnoreCase("OU") && role == null) {
                role = Role.ofUnit(value).orElse(null);
            }
        }
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("the certificate subject '" + subject + "' has no CN (the principal)");
        }
        if (role == null) {
            throw new IllegalArgumentException("the certificate subject '" + subject
                    + "' has no OU naming a role (worker, admin, viewer or node)");
        }
        return new Caller(commonName, role, subject);
    }

    /** "principal 'w1' (role worker)", for error messages. */
    public String describe() {
        return "principal '" + principal + "' (role " + role.label() + ")";
    }
}

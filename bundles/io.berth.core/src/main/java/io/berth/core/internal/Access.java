package io.berth.core.internal;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;

/**
 * SPEC R3 in one place: a superadmin acts everywhere, a monitor reads everywhere, a domain admin acts
 * in its own domain only, a user on itself only.
 */
public final class Access {
    private Access() {
    }

    public static void superadmin(Caller c, String what) {
        if (!c.isSuperadmin()) {
            throw new ForbiddenException("only a superadmin may " + what);
        }
    }

    /** Read access to things of a domain. */
    public static boolean canReadDomain(Caller c, String domain) {
        return c.isGlobalReader() || (domain != null && domain.equals(c.domainName()));
    }

    /** Write access to things of a domain (projects, users, keypairs). */
    public static boolean canManageDomain(Caller c, String domain) {
        return c.isSuperadmin() || (c.role() == Role.ADMIN && domain != null && domain.equals(c.domainName()));
    }

    public static void readDomain(Caller c, String domain) {
        if (!canReadDomain(c, domain)) {
            throw new ForbiddenException("domain '" + domain + "' is outside your domain");
        }
    }

    public static void manageDomain(Caller c, String domain, String what) {
        if (!canManageDomain(c, domain)) {
            if (c.role() == Role.USER || c.role() == Role.MONITOR) {
                throw new ForbiddenException("your role (" + c.role().wire() + ") may not " + what);
            }
            throw new ForbiddenException("you may not " + what + " outside your domain");
        }
    }

    /** Users may be read by global readers, their domain's admin, and themselves. */
    public static boolean canReadUser(Caller c, User u) {
        return c.isGlobalReader() || u.id().equals(c.userId())
                || (c.role() == Role.ADMIN && u.domainName().equals(c.domainName()));
    }

    public static void readUser(Caller c, User u) {
        if (!canReadUser(c, u)) {
            throw new ForbiddenException("you may not view user " + u.email());
        }
    }

    /**
     * Managing a user (update, deactivate, keypairs): superadmin always; a domain admin only for
     * users and admins of its own domain, never for superadmins or monitors.
     */
    public static void manageUser(Caller c, User u, String what) {
        if (c.isSuperadmin()) {
            return;
        }
        manageDomain(c, u.domainName(), what + " user " + u.email());
        if (u.role() != Role.USER && u.role() != Role.ADMIN) {
            throw new ForbiddenException("a domain admin may not " + what + " a " + u.role().wire());
        }
    }

    /** Roles a caller may grant: a domain admin only user and admin. */
    public static void grantRole(Caller c, Role role) {
        if (!c.isSuperadmin() && role != Role.USER && role != Role.ADMIN) {
            throw new ForbiddenException("only a superadmin may grant the role " + role.wire());
        }
    }
}

package io.berth.core.identity;

/**
 * Who is asking. Every service method takes the caller and applies SPEC R3 itself, so REST and the
 * shell share one set of checks.
 */
public record Caller(String userId, String email, Role role, String domainName, String accessKey) {

    /** The Karaf shell operator: shell access is already gated by Karaf's own authentication. */
    public static final Caller SYSTEM = new Caller("system", "system@localhost", Role.SUPERADMIN, null, null);

    public boolean isSuperadmin() {
        return role == Role.SUPERADMIN;
    }

    public boolean isGlobalReader() {
        return role == Role.SUPERADMIN || role == Role.MONITOR;
    }
}

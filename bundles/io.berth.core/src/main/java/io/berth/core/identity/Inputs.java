package io.berth.core.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inputs of the identity service. In the update records a {@code null} component means "leave as is".
 */
public final class Inputs {
    private Inputs() {
    }

    public record NewDomain(String name, String description, Boolean active, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, Map<String, ?> totalResourceSlots) {
    }

    /** A {@code totalResourceSlots} map replaces the whole map; an empty one removes every limit. */
    public record DomainUpdate(String description, Boolean active, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, Map<String, ?> totalResourceSlots) {
    }

    public record NewProject(String domainName, String name, String description, Boolean active,
            List<String> allowedVfolderHosts, List<String> allowedDockerRegistries, String resourcePolicy,
            Map<String, ?> totalResourceSlots) {
    }

    /** A {@code totalResourceSlots} map replaces the whole map; an empty one removes every limit. */
    public record ProjectUpdate(String description, Boolean active, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, String resourcePolicy, Map<String, ?> totalResourceSlots) {
    }

    /**
     * Projects are given by id or by name within the user's domain. {@code resourcePolicy} is the user
     * resource policy; the user's first keypair gets the {@code default} keypair resource policy.
     */
    public record NewUser(String email, String username, String password, String fullName, String description,
            String domainName, Role role, UserStatus status, Boolean needPasswordChange, Boolean sudoSessionEnabled,
            Set<String> projects, String resourcePolicy) {
    }

    public record UserUpdate(String username, String fullName, String description, String password, Role role,
            UserStatus status, Set<String> projects, Boolean needPasswordChange, Boolean sudoSessionEnabled,
            String resourcePolicy) {
    }

    /** SPEC K4: access and secret key may be given explicitly; otherwise they are generated. */
    public record NewKeyPair(String userEmail, String accessKey, String secretKey, Boolean active, Boolean admin,
            String resourcePolicy, Integer rateLimit) {
    }

    public record KeyPairUpdate(Boolean active, Boolean admin, String resourcePolicy, Integer rateLimit) {
    }
}

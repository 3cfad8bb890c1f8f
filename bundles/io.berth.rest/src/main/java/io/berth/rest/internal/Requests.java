package io.berth.rest.internal;

import java.util.List;
import java.util.Set;

/** Request bodies (snake_case on the wire). Unknown fields are refused by the JSON configuration. */
final class Requests {
    private Requests() {
    }

    record CreateUser(String email, String username, String password, String fullName, String description,
            String domainName, String role, String status, Boolean needPasswordChange, Boolean sudoSessionEnabled,
            Set<String> projects, String resourcePolicy) {
    }

    record UpdateUser(String username, String fullName, String description, String password, String role,
            String status, Set<String> projects, Boolean needPasswordChange, Boolean sudoSessionEnabled) {
    }

    record CreateKeyPair(String userId, String accessKey, String secretKey, Boolean isActive, Boolean isAdmin,
            String resourcePolicy, Integer rateLimit) {
    }

    record UpdateKeyPair(Boolean isActive, Boolean isAdmin, String resourcePolicy, Integer rateLimit) {
    }

    record CreateDomain(String name, String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries) {
    }

    record UpdateDomain(String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries) {
    }

    record CreateProject(String domainName, String name, String description, Boolean isActive,
            List<String> allowedVfolderHosts, List<String> allowedDockerRegistries, String resourcePolicy) {
    }

    record UpdateProject(String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, String resourcePolicy) {
    }

    record ChangePassword(String oldPassword, String newPassword) {
    }
}

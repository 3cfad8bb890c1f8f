package io.berth.rest.internal;

import java.util.List;
import java.util.Map;
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
            String status, Set<String> projects, Boolean needPasswordChange, Boolean sudoSessionEnabled,
            String resourcePolicy) {
    }

    record CreateKeyPair(String userId, String accessKey, String secretKey, Boolean isActive, Boolean isAdmin,
            String resourcePolicy, Integer rateLimit) {
    }

    record UpdateKeyPair(Boolean isActive, Boolean isAdmin, String resourcePolicy, Integer rateLimit) {
    }

    record CreateDomain(String name, String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, @AmountInput Map<String, Object> totalResourceSlots) {
    }

    /** {@code total_resource_slots} replaces the whole map; {@code {}} removes every limit. */
    record UpdateDomain(String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, @AmountInput Map<String, Object> totalResourceSlots) {
    }

    record CreateProject(String domainName, String name, String description, Boolean isActive,
            List<String> allowedVfolderHosts, List<String> allowedDockerRegistries, String resourcePolicy,
            @AmountInput Map<String, Object> totalResourceSlots) {
    }

    /** {@code total_resource_slots} replaces the whole map; {@code {}} removes every limit. */
    record UpdateProject(String description, Boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, String resourcePolicy,
            @AmountInput Map<String, Object> totalResourceSlots) {
    }

    record ChangePassword(String oldPassword, String newPassword) {
    }

    /** SPEC T1: confirms an enrolment; {@code code} is required and must be a string. */
    record ActivateFactor(String code) {
    }

    // ---- resource policies and presets: one body for creation and change (absent fields: default / as is) ----

    /** SPEC P1. On change, a {@code name} other than the one in the path is refused by core. */
    record KeyPairPolicyBody(String name, String defaultForUnspecified,
            @AmountInput Map<String, Object> totalResourceSlots, Long maxSessionLifetime,
            Integer maxConcurrentSessions, @AmountInput Object maxPendingSessionCount,
            @AmountInput Map<String, Object> maxPendingSessionResourceSlots, Integer maxContainersPerSession,
            Long idleTimeout, List<String> allowedVfolderHosts) {
    }

    /** SPEC P2. */
    record UserPolicyBody(String name, @AmountInput Object maxVfolderCount, @AmountInput Object maxQuotaScopeSize,
            Integer maxSessionCountPerModelSession, @AmountInput Object maxCustomizedImageCount) {
    }

    /** SPEC P3. */
    record ProjectPolicyBody(String name, @AmountInput Object maxVfolderCount,
            @AmountInput Object maxQuotaScopeSize) {
    }

    /** SPEC A5. On change, {@code resource_group} {@code ""} makes the preset apply to every group. */
    record PresetBody(String name, @AmountInput Map<String, Object> resourceSlots, @AmountInput Object sharedMemory,
            String resourceGroup) {
    }

    /** SPEC Y1. Absent fields stay as they are; in {@code retries_to_skip} a null removes that scheduler's value. */
    record UpdateSettings(String imageAutoInstall, Integer overlayNetworkMtu, Integer defaultRetriesToSkip,
            Map<String, Integer> retriesToSkip) {
    }

    // ---- agents (SPEC A1–A3) and resource groups (SPEC A4) ----

    /**
     * What an agent sends at registration and with every heartbeat: its full current state. Slot maps hold
     * amounts as numbers or text ({@code "8g"}); REST parses them with the slot registry so that errors name
     * the field ({@code available_slots.cpu}). Absent live figures count as zero, absent maps, devices and
     * images as empty. {@code images} are the host's local images ({@code repo:tag} and {@code repo@sha256:…}).
     */
    record AgentReportBody(String id, String region, String architecture, String version, String address,
            String resourceGroup, @AmountInput Map<String, Object> availableSlots,
            @AmountInput Map<String, Object> occupiedSlots, Double cpuPercent, Long memoryUsedBytes,
            Integer containerCount, List<DeviceBody> devices, List<String> images) {
    }

    /** One accelerator device; {@code utilisation_percent} and {@code memory_used_bytes} absent mean unknown (−1). */
    record DeviceBody(String plugin, String id, String model, Long memoryBytes,
            @AmountInput Map<String, Object> capacity, Double utilisationPercent, Long memoryUsedBytes) {
    }

    /** A clean shutdown of the agent {@code id}. */
    record AgentGoodbye(String id) {
    }

    /** SPEC A2: whether the agent receives new sessions; required. */
    record AgentChange(Boolean schedulable) {
    }

    /**
     * SPEC A4: creation and change of a resource group (absent fields: default on creation, as is on change).
     * On change, a {@code name} other than the one in the path is refused by core; {@code wsproxy_address}
     * {@code ""} clears it.
     */
    record ResourceGroupBody(String name, String description, Boolean isActive, Boolean isPublic,
            String wsproxyAddress, String scheduler, SchedulerOptionsBody schedulerOptions) {
    }

    /**
     * Scheduler options; each field is optional. {@code retries_to_skip} −1 clears it (back to the system
     * setting of the group's scheduler).
     */
    record SchedulerOptionsBody(List<String> allowedSessionTypes, Long pendingTimeout, Integer retriesToSkip,
            String agentSelection) {
    }

    // ---- compute sessions (SPEC C1) and the agent command channel ----

    /**
     * A new session, as given: core checks every field and names it in errors. {@code resources} are per
     * container (numbers or text such as {@code "8g"}), or {@code preset} names a resource preset;
     * {@code starts_at} is an ISO-8601 date-time with an offset ({@code 2025-06-01T12:00:00Z}).
     */
    record SessionBody(String name, String image, String type, @AmountInput Map<String, Object> resources,
            String preset, String resourceGroup, String project, Integer clusterSize, String clusterMode,
            Map<String, String> environment, List<String> mounts, String startupCommand, Integer priority,
            List<String> dependencies, String startsAt, String architecture) {
    }

    /** Kernel states as an agent sees them. */
    record KernelReportsBody(String agentId, List<KernelReportBody> reports) {
    }

    /**
     * One kernel: {@code state} preparing, running, exited, destroyed or failed; {@code log_tail} the end
     * of its output (the last 64 KiB are kept); {@code active} whether it used CPU since the last report.
     */
    record KernelReportBody(String kernelId, String state, String containerId, Integer exitCode, String reason,
            String logTail, Boolean active) {
    }

    /** The answer to an agent request. */
    record RequestReplyBody(String agentId, String body) {
    }
    // ---- container registries and images (SPEC I1, I3) ----

    /**
     * SPEC I3: creation and change of a container registry (absent fields: default on creation, as is on
     * change). On change, a {@code hostname} other than the one in the path is refused by core; a
     * {@code password} of {@code ""} removes the stored one. The password is never answered.
     */
    record RegistryBody(String hostname, String url, String type, String project, String username, String password,
            Boolean sslVerify) {
    }

    /**
     * SPEC I1: changes to an image. {@code min_resources} replaces the minimums (absent: as is);
     * {@code add_apps} adds or replaces apps by name; {@code remove_apps} removes apps by name.
     */
    record ImageBody(@AmountInput Map<String, Object> minResources, List<ImageAppBody> addApps,
            List<String> removeApps) {
    }

    /** An app an image offers: {@code protocol} http, tcp, pty, ...; {@code ports} the container ports. */
    record ImageAppBody(String name, String protocol, List<Integer> ports) {
    }

    // ---- storage volumes, quotas, virtual folders and the model store (SPEC S1–S7) ----

    /**
     * SPEC S1: creation and change of a storage volume. On change, a {@code name} other than the one in the
     * path is refused by core; given {@code options} replace the stored ones, except that a secret option
     * given as {@code null} keeps its stored value. {@code secret_options} names the options to store sealed;
     * their values are never answered.
     */
    record VolumeBody(String name, String backend, String mountPath, Map<String, String> options,
            List<String> secretOptions) {
    }

    /** SPEC S4: a quota's hard limit, a number of bytes or a size such as {@code "10g"}; required. */
    record QuotaBody(@SizeInput Object hardLimit) {
    }

    /**
     * SPEC S2: a new folder, or the target of a clone (absent fields: core's defaults). {@code type} user
     * (default) or project; {@code project} the project's id or name for a project folder.
     */
    record FolderBody(String name, String type, String project, String volume, String usageMode, String permission,
            Boolean cloneable) {
    }

    /** SPEC S2: changes to a folder; absent fields stay as they are. */
    record FolderChange(String name, String permission, Boolean cloneable) {
    }

    /** SPEC S7: a directory to create (with its parents), relative to the folder's root. */
    record MkdirBody(String path) {
    }
}

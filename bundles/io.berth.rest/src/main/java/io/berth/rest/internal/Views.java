package io.berth.rest.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentRequest;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.agent.KernelOrder;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Page;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.RescanTask;
import io.berth.core.info.ComponentInfo;
import io.berth.core.info.SystemInformation;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.session.Kernel;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.Session;
import io.berth.core.session.SessionDetail;
import io.berth.core.session.StatusChange;
import io.berth.core.session.UsageRecalculation;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SystemSettings;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON views of the domain records (snake_case on the wire). Secrets appear only where stated. */
final class Views {
    private Views() {
    }

    static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    /** Every list answers with its items and paging. */
    record PageView<T>(List<T> items, long total, int offset, int limit) {
        static <A, B> PageView<B> of(Page<A> page, java.util.function.Function<A, B> f) {
            return new PageView<>(page.items().stream().map(f).toList(), page.total(), page.offset(), page.limit());
        }
    }

    /** Slots on the wire: slot name to canonical amount text ({@code "4"}, {@code "0.5"}, {@code "Infinity"}). */
    static Map<String, String> slots(ResourceSlots s) {
        return s == null ? Map.of() : s.toWire();
    }

    /** A list that is not paged: every item, with the envelope of the paged lists. */
    static <A, B> PageView<B> all(List<A> items, java.util.function.Function<A, B> f) {
        return new PageView<>(items.stream().map(f).toList(), items.size(), 0, items.size());
    }

    record DomainView(String name, String description, boolean isActive, Map<String, String> totalResourceSlots,
            List<String> allowedVfolderHosts, List<String> allowedDockerRegistries, String createdAt,
            String modifiedAt) {
        static DomainView of(Domain d) {
            return new DomainView(d.name(), d.description(), d.active(), slots(d.totalResourceSlots()),
                    d.allowedVfolderHosts(), d.allowedDockerRegistries(), time(d.createdAt()), time(d.modifiedAt()));
        }
    }

    record ProjectView(String id, String domainName, String name, String description, boolean isActive, String type,
            Map<String, String> totalResourceSlots, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, String resourcePolicy, String createdAt, String modifiedAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.domainName(), p.name(), p.description(), p.active(), p.type().wire(),
                    slots(p.totalResourceSlots()), p.allowedVfolderHosts(), p.allowedDockerRegistries(),
                    p.resourcePolicy(), time(p.createdAt()), time(p.modifiedAt()));
        }
    }

    /** {@code user_id} is the owner's e-mail (Backend.AI's user id), {@code user_uuid} its internal id. */
    record KeyPairView(String accessKey, String secretKey, String userId, String userUuid, boolean isActive,
            boolean isAdmin, String resourcePolicy, int rateLimit, String createdAt, String lastUsed, long numQueries) {
        /** Without the secret. */
        static KeyPairView of(KeyPair k, String ownerEmail) {
            return of(k, null, ownerEmail);
        }

        /** With the secret: only in the answer to its creation. */
        static KeyPairView withSecret(KeyPair k, String ownerEmail) {
            return of(k, k.secretKey(), ownerEmail);
        }

        private static KeyPairView of(KeyPair k, String secret, String ownerEmail) {
            return new KeyPairView(k.accessKey(), secret, ownerEmail, k.userId(), k.active(), k.admin(),
                    k.resourcePolicy(), k.rateLimit(), time(k.createdAt()), time(k.lastUsed()), k.numQueries());
        }
    }

    /**
     * {@code resource_policy} names the user resource policy. {@code second_factors} (installed factor →
     * active) is present only while at least one second factor is installed ({@link SecondFactors}).
     */
    record UserView(String uuid, String email, String username, String fullName, String description,
            String domainName, String role, String status, boolean needPasswordChange, boolean sudoSessionEnabled,
            String mainAccessKey, String resourcePolicy, String createdAt, String modifiedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Boolean> secondFactors) {
        /** Without second factors (the field is left out). */
        static UserView of(User u) {
            return of(u, null);
        }

        /** @param secondFactors installed factor → active, or null to leave the field out */
        static UserView of(User u, Map<String, Boolean> secondFactors) {
            return new UserView(u.id(), u.email(), u.username(), u.fullName(), u.description(), u.domainName(),
                    u.role().wire(), u.status().wire(), u.needPasswordChange(), u.sudoSessionEnabled(),
                    u.mainAccessKey(), u.resourcePolicy(), time(u.createdAt()), time(u.modifiedAt()),
                    secondFactors);
        }
    }

    record ProjectRef(String id, String name, String type) {
    }

    /**
     * SPEC U4: the user with its domain, projects and keypairs. {@code second_factors} (installed factor →
     * active) is present only while at least one second factor is installed ({@link SecondFactors}).
     */
    record UserDetailView(String uuid, String email, String username, String fullName, String description,
            String domainName, String role, String status, boolean needPasswordChange, boolean sudoSessionEnabled,
            String mainAccessKey, String resourcePolicy, String createdAt, String modifiedAt, DomainView domain,
            List<ProjectRef> projects, List<KeyPairView> keypairs, String notice,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Boolean> secondFactors) {
        /** Without second factors (the field is left out). */
        static UserDetailView of(UserDetail d, boolean own) {
            return of(d, own, null);
        }

        /** @param secondFactors installed factor → active, or null to leave the field out */
        static UserDetailView of(UserDetail d, boolean own, Map<String, Boolean> secondFactors) {
            User u = d.user();
            String notice = own && u.needPasswordChange()
                    ? "Your administrator asks you to change your password." : null;
            return new UserDetailView(u.id(), u.email(), u.username(), u.fullName(), u.description(), u.domainName(),
                    u.role().wire(), u.status().wire(), u.needPasswordChange(), u.sudoSessionEnabled(),
                    u.mainAccessKey(), u.resourcePolicy(), time(u.createdAt()), time(u.modifiedAt()),
                    DomainView.of(d.domain()),
                    d.projects().stream().map(p -> new ProjectRef(p.id(), p.name(), p.type().wire())).toList(),
                    d.keyPairs().stream().map(k -> KeyPairView.of(k, u.email())).toList(), notice, secondFactors);
        }
    }

    /** The answer to user creation: the user and its first keypair with the secret (shown once). */
    record CreatedUserView(UserDetailView user, KeyPairView keypair) {
    }

    // ---- second factors (SPEC T1, T2) ----

    /** The caller's second factors: installed factor → active; empty when none is installed. */
    record SecondFactorsView(Map<String, Boolean> factors) {
    }

    /**
     * The answer to enrolment: the factor and what the user needs to set it up (e.g. {@code secret} and
     * {@code uri}), shown only this once. The entries are written as members next to {@code factor}.
     */
    record EnrolmentView(String factor, @JsonAnyGetter Map<String, String> enrolment) {
        static EnrolmentView of(String factor, Map<String, String> enrolment) {
            Map<String, String> entries = new java.util.LinkedHashMap<>(enrolment == null ? Map.of() : enrolment);
            entries.remove("factor"); // the member naming the factor is ours; never written twice
            return new EnrolmentView(factor, entries);
        }
    }

    /** The answer to activation. */
    record ActivatedFactorView(String factor, boolean active) {
    }

    // ---- resource policies, presets and slots ----

    /**
     * SPEC P1. {@code max_pending_session_count} is a number, or {@code "Infinity"}; slot maps hold wire
     * amounts.
     */
    record KeyPairPolicyView(String name, String defaultForUnspecified, Map<String, String> totalResourceSlots,
            long maxSessionLifetime, int maxConcurrentSessions, Amount maxPendingSessionCount,
            Map<String, String> maxPendingSessionResourceSlots, int maxContainersPerSession, long idleTimeout,
            List<String> allowedVfolderHosts, String createdAt, String modifiedAt) {
        static KeyPairPolicyView of(KeyPairResourcePolicy p) {
            return new KeyPairPolicyView(p.name(), p.defaultForUnspecified().wire(), slots(p.totalResourceSlots()),
                    p.maxSessionLifetime(), p.maxConcurrentSessions(), p.maxPendingSessionCount(),
                    slots(p.maxPendingSessionResourceSlots()), p.maxContainersPerSession(), p.idleTimeout(),
                    p.allowedVfolderHosts(), time(p.createdAt()), time(p.modifiedAt()));
        }
    }

    /** SPEC P2. The amounts are numbers, or {@code "Infinity"}. */
    record UserPolicyView(String name, Amount maxVfolderCount, Amount maxQuotaScopeSize,
            int maxSessionCountPerModelSession, Amount maxCustomizedImageCount, String createdAt, String modifiedAt) {
        static UserPolicyView of(UserResourcePolicy p) {
            return new UserPolicyView(p.name(), p.maxVfolderCount(), p.maxQuotaScopeSize(),
                    p.maxSessionCountPerModelSession(), p.maxCustomizedImageCount(), time(p.createdAt()),
                    time(p.modifiedAt()));
        }
    }

    /** SPEC P3. The amounts are numbers, or {@code "Infinity"}. */
    record ProjectPolicyView(String name, Amount maxVfolderCount, Amount maxQuotaScopeSize, String createdAt,
            String modifiedAt) {
        static ProjectPolicyView of(ProjectResourcePolicy p) {
            return new ProjectPolicyView(p.name(), p.maxVfolderCount(), p.maxQuotaScopeSize(), time(p.createdAt()),
                    time(p.modifiedAt()));
        }
    }

    /** SPEC A5. {@code shared_memory} is bytes or null; {@code resource_group} null means every group. */
    record ResourcePresetView(String name, Map<String, String> resourceSlots, Long sharedMemory,
            String resourceGroup, String createdAt, String modifiedAt) {
        static ResourcePresetView of(ResourcePreset p) {
            return new ResourcePresetView(p.name(), slots(p.resourceSlots()), p.sharedMemory(), p.resourceGroup(),
                    time(p.createdAt()), time(p.modifiedAt()));
        }
    }

    /** A slot type; {@code policy_maximum} is a wire amount or null. */
    record SlotTypeView(String name, String kind, String displayName, String policyMaximum) {
        static SlotTypeView of(SlotDefinition d) {
            return new SlotTypeView(d.name(), d.kind().name().toLowerCase(Locale.ROOT), d.displayName(),
                    d.policyMaximum() == null ? null : d.policyMaximum().toPlainString());
        }
    }

    // ---- system settings and information ----

    /** SPEC Y1. */
    record SettingsView(String imageAutoInstall, int overlayNetworkMtu, int defaultRetriesToSkip,
            Map<String, Integer> retriesToSkip) {
        static SettingsView of(SystemSettings s) {
            return new SettingsView(s.imageAutoInstall().wire(), s.overlayNetworkMtu(), s.defaultRetriesToSkip(),
                    s.retriesToSkip());
        }
    }

    /** One audited settings change; values are text, null when absent. */
    record SettingChangeView(long id, String setting, String oldValue, String newValue, String changedBy,
            String changedAt) {
        static SettingChangeView of(SettingChange c) {
            return new SettingChangeView(c.id(), c.setting(), c.oldValue(), c.newValue(), c.changedBy(),
                    time(c.changedAt()));
        }
    }

    /** SPEC Y3. */
    record SystemInfoView(String managerVersion, String apiVersion, String javaVersion, String karafVersion,
            List<ComponentView> components) {
        static SystemInfoView of(SystemInformation i) {
            return new SystemInfoView(i.managerVersion(), i.apiVersion(), i.javaVersion(), i.karafVersion(),
                    i.components().stream().map(ComponentView::of).toList());
        }
    }

    record ComponentView(long bundleId, String symbolicName, String name, String version, String state,
            boolean plugin, boolean compatible, List<String> problems, List<SpiImportView> spiImports) {
        static ComponentView of(ComponentInfo c) {
            return new ComponentView(c.bundleId(), c.symbolicName(), c.name(), c.version(), c.state(), c.plugin(),
                    c.compatible(), c.problems(), c.spiImports().stream().map(SpiImportView::of).toList());
        }
    }

    /** {@code wired_to} is the version of the SPI package the bundle is wired to, or null. */
    record SpiImportView(@JsonProperty("package") String packageName, String range, String wiredTo,
            boolean satisfied) {
        static SpiImportView of(ComponentInfo.SpiImport i) {
            return new SpiImportView(i.packageName(), i.range(), i.wiredTo(), i.satisfied());
        }
    }

    // ---- agents (SPEC A1–A3) ----

    /**
     * An agent as last reported. Slot maps hold wire amounts; {@code status} is {@code alive}, {@code lost} or
     * {@code terminated}, {@code status_reason} why it last changed (or null).
     */
    record AgentView(String id, String status, String statusReason, String region, String architecture,
            String version, String address, String resourceGroup, boolean schedulable,
            Map<String, String> availableSlots, Map<String, String> occupiedSlots, double cpuPercent,
            long memoryUsedBytes, int containerCount, List<DeviceView> devices, String firstContact,
            String lastHeartbeat, String statusChangedAt) {
        static AgentView of(Agent a) {
            return new AgentView(a.id(), a.status() == null ? null : a.status().wire(), a.statusReason(),
                    a.region(), a.architecture(), a.version(), a.address(), a.resourceGroup(), a.schedulable(),
                    slots(a.availableSlots()), slots(a.occupiedSlots()), a.cpuPercent(), a.memoryUsedBytes(),
                    a.containerCount(), a.devices().stream().map(DeviceView::of).toList(), time(a.firstContact()),
                    time(a.lastHeartbeat()), time(a.statusChangedAt()));
        }
    }

    /** One device of an agent; {@code utilisation_percent} and {@code memory_used_bytes} are −1 when unknown. */
    record DeviceView(String plugin, String id, String model, long memoryBytes, Map<String, String> capacity,
            double utilisationPercent, long memoryUsedBytes) {
        static DeviceView of(DeviceInfo d) {
            return new DeviceView(d.plugin(), d.id(), d.model(), d.memoryBytes(), slots(d.capacity()),
                    d.utilisationPercent(), d.memoryUsedBytes());
        }
    }

    /** The answer to registration: the agent and how often it is to send heartbeats. */
    record AgentRegisteredView(AgentView agent, long heartbeatIntervalSeconds) {
    }

    /** The answer to a heartbeat: the agent's status after it ({@code alive}). */
    record AgentHeartbeatView(String status) {
    }

    // ---- resource groups (SPEC A4) ----

    /**
     * {@code pending_timeout} is seconds (0: none); {@code retries_to_skip} null means the system setting of
     * the group's scheduler; {@code allowed_session_types} in the order interactive, batch, inference.
     */
    record SchedulerOptionsView(List<String> allowedSessionTypes, long pendingTimeout, Integer retriesToSkip,
            String agentSelection) {
        static SchedulerOptionsView of(SchedulerOptions o) {
            if (o == null) {
                return null;
            }
            return new SchedulerOptionsView(o.allowedSessionTypes().stream().sorted().map(SessionType::wire)
                    .toList(), o.pendingTimeout(), o.retriesToSkip(),
                    o.agentSelection() == null ? null : o.agentSelection().wire());
        }
    }

    /** A resource group; {@code wsproxy_address} is a URL or null. */
    record ResourceGroupView(String name, String description, boolean isActive, boolean isPublic,
            String wsproxyAddress, String scheduler, SchedulerOptionsView schedulerOptions, String createdAt,
            String modifiedAt) {
        static ResourceGroupView of(ResourceGroup g) {
            return new ResourceGroupView(g.name(), g.description(), g.active(), g.isPublic(), g.wsproxyAddress(),
                    g.scheduler(), SchedulerOptionsView.of(g.schedulerOptions()), time(g.createdAt()),
                    time(g.modifiedAt()));
        }
    }

    /** Who a resource group is available to: domain names, project ids and access keys, each sorted. */
    record AssociationsView(List<String> domains, List<String> projects, List<String> keypairs) {
        static AssociationsView of(Associations a) {
            return new AssociationsView(a.domains(), a.projects(), a.keyPairs());
        }
    }

    // ---- compute sessions (SPEC C1, C3, C7) ----

    private static String wire(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The distinct agents a session's containers are placed on, in container order. */
    private static List<String> agentIds(Session s) {
        return s.kernels().stream().map(Kernel::agentId).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /**
     * A session. {@code slots_per_container} is what each of its {@code cluster_size} containers asks for,
     * {@code requested_slots} their total (wire amounts). {@code pending_reasons} are the checks that failed
     * the last time the scheduler tried it, {@code retries} how often that happened; {@code agents} the agents
     * its containers are placed on. Statuses: pending, scheduled, preparing, running, terminating,
     * terminated, cancelled, error.
     */
    record SessionView(String id, String name, String status, String statusReason, String statusChangedAt,
            String type, String image, String architecture, String accessKey, String userUuid, String ownerEmail,
            String projectId, String domain, String resourceGroup, int clusterSize, String clusterMode,
            Map<String, String> slotsPerContainer, Map<String, String> requestedSlots, Map<String, String> environment,
            List<String> mounts, String startupCommand, int priority, List<String> dependencies, String startsAt,
            boolean sudo, List<String> pendingReasons, int retries, List<String> agents, String createdAt,
            String terminatedAt, String lastActivity) {
        static SessionView of(Session s) {
            return new SessionView(s.id(), s.name(), wire(s.status()), s.statusReason(), time(s.statusChangedAt()),
                    wire(s.type()), s.image(), s.architecture(), s.accessKey(), s.userId(), s.ownerEmail(),
                    s.projectId(), s.domain(), s.resourceGroup(), s.clusterSize(),
                    s.clusterMode() == null ? null : s.clusterMode().wire(), slots(s.slotsPerContainer()),
                    slots(s.requested()), s.environment(), s.mounts(), s.startupCommand(), s.priority(),
                    s.dependencies(), time(s.startsAt()), s.sudo(), s.pendingReasons(), s.retries(), agentIds(s),
                    time(s.createdAt()), time(s.terminatedAt()), time(s.lastActivity()));
        }
    }

    /** The session as {@link SessionView}, with its containers and its status history (oldest first). */
    record SessionDetailView(String id, String name, String status, String statusReason, String statusChangedAt,
            String type, String image, String architecture, String accessKey, String userUuid, String ownerEmail,
            String projectId, String domain, String resourceGroup, int clusterSize, String clusterMode,
            Map<String, String> slotsPerContainer, Map<String, String> requestedSlots, Map<String, String> environment,
            List<String> mounts, String startupCommand, int priority, List<String> dependencies, String startsAt,
            boolean sudo, List<String> pendingReasons, int retries, List<String> agents, String createdAt,
            String terminatedAt, String lastActivity, List<KernelView> kernels, List<StatusChangeView> history) {
        static SessionDetailView of(SessionDetail d) {
            Session s = d.session();
            return new SessionDetailView(s.id(), s.name(), wire(s.status()), s.statusReason(),
                    time(s.statusChangedAt()), wire(s.type()), s.image(), s.architecture(), s.accessKey(), s.userId(),
                    s.ownerEmail(), s.projectId(), s.domain(), s.resourceGroup(), s.clusterSize(),
                    s.clusterMode() == null ? null : s.clusterMode().wire(), slots(s.slotsPerContainer()),
                    slots(s.requested()), s.environment(), s.mounts(), s.startupCommand(), s.priority(),
                    s.dependencies(), time(s.startsAt()), s.sudo(), s.pendingReasons(), s.retries(), agentIds(s),
                    time(s.createdAt()), time(s.terminatedAt()), time(s.lastActivity()),
                    s.kernels().stream().map(KernelView::of).toList(),
                    d.history().stream().map(StatusChangeView::of).toList());
        }
    }

    /**
     * One container of a session; index 0 is the main one. {@code agent_id} is null until placed,
     * {@code container_id} until the agent created it, {@code exit_code} until it exited.
     */
    record KernelView(String id, int index, String agentId, String containerId, String status, String statusReason,
            Map<String, String> slots, Integer exitCode, String createdAt, String terminatedAt) {
        static KernelView of(Kernel k) {
            return new KernelView(k.id(), k.index(), k.agentId(), k.containerId(), wire(k.status()),
                    k.statusReason(), Views.slots(k.slots()), k.exitCode(), time(k.createdAt()), time(k.terminatedAt()));
        }
    }

    /** One entry of a session's status history. */
    record StatusChangeView(String status, String reason, String at) {
        static StatusChangeView of(StatusChange c) {
            return new StatusChangeView(wire(c.status()), c.reason(), time(c.at()));
        }
    }

    /**
     * SPEC A5 "check presets" for one resource group: its free capacity, the caller's remaining limits and
     * whether each preset can be launched now (if not, why).
     */
    record PresetCheckView(String resourceGroup, Map<String, String> groupFree, Map<String, String> keypairRemaining,
            List<PresetAvailabilityView> presets) {
        static PresetCheckView of(PresetCheck c) {
            return new PresetCheckView(c.resourceGroup(), slots(c.groupFree()), slots(c.keypairRemaining()),
                    c.presets().stream().map(PresetAvailabilityView::of).toList());
        }
    }

    record PresetAvailabilityView(String preset, Map<String, String> slots, boolean allocatable,
            List<String> reasons) {
        static PresetAvailabilityView of(PresetCheck.PresetAvailability a) {
            return new PresetAvailabilityView(a.preset(), Views.slots(a.slots()), a.allocatable(), a.reasons());
        }
    }

    /**
     * SPEC Y2: what "recalculate usage" looked at and changed; {@code progress} the lines it reported on
     * the way.
     */
    record UsageRecalculationView(int agentsChecked, int sessionsCounted, List<AgentUsageChangeView> changes,
            List<String> progress) {
        static UsageRecalculationView of(UsageRecalculation r, List<String> progress) {
            return new UsageRecalculationView(r.agentsChecked(), r.sessionsCounted(),
                    r.changes().stream().map(AgentUsageChangeView::of).toList(), List.copyOf(progress));
        }
    }

    /** An agent whose occupied slots were rebuilt: before and after. */
    record AgentUsageChangeView(String agentId, Map<String, String> before, Map<String, String> after) {
        static AgentUsageChangeView of(UsageRecalculation.AgentChange c) {
            return new AgentUsageChangeView(c.agentId(), slots(c.before()), slots(c.after()));
        }
    }

    // ---- the agent command channel ----

    /**
     * The answer to an agent's work poll: everything the manager wants of it now (the full set, not a
     * delta), the open requests, and the generation to pass as {@code since} to the next poll.
     */
    record AgentWorkView(long generation, List<KernelOrderView> orders, List<AgentRequestView> requests) {
        static AgentWorkView of(AgentWork w) {
            return new AgentWorkView(w.generation(), w.orders().stream().map(KernelOrderView::of).toList(),
                    w.requests().stream().map(AgentRequestView::of).toList());
        }
    }

    /**
     * A container to run ({@code action} {@code run}) or to destroy ({@code destroy}), keyed by
     * {@code kernel_id}; {@code command} is the batch startup command or null for the image's own.
     * {@code pull} is the image auto-install rule ({@code digest}, {@code tag} or {@code none});
     * {@code image_digest} the catalogue's digest of the image (null outside the catalogue);
     * {@code registry_auth} the credentials of the image's registry, or null. This is the only answer
     * that carries a registry password: it is for the agent's pull.
     */
    record KernelOrderView(String action, String kernelId, String sessionId, int index, String image,
            Map<String, String> slots, Map<String, String> environment, String command, boolean sudo, boolean batch,
            List<String> mounts, String pull, String imageDigest, RegistryAuthView registryAuth) {
        static KernelOrderView of(KernelOrder o) {
            RegistryAuthView auth = o.registryUsername() == null ? null
                    : new RegistryAuthView(o.registryUsername(), o.registryPassword());
            return new KernelOrderView(wire(o.action()), o.kernelId(), o.sessionId(), o.index(), o.image(),
                    Views.slots(o.slots()), o.environment(), o.command(), o.sudo(), o.batch(), o.mounts(), o.pull(),
                    o.imageDigest(), auth);
        }
    }

    /** Registry credentials for an agent's pull; {@code password} may be null. {@link #toString()} hides it. */
    record RegistryAuthView(String username, String password) {
        @Override
        public String toString() {
            return "RegistryAuthView[" + username + ", password " + (password == null ? "none" : "hidden") + "]";
        }
    }

    /** A question to the agent, answered with {@code POST /agent-api/requests/{id}/reply}. */
    record AgentRequestView(String id, String kind, String kernelId, int tailLines) {
        static AgentRequestView of(AgentRequest r) {
            return new AgentRequestView(r.id(), r.kind(), r.kernelId(), r.tailLines());
        }
    }
    // ---- container registries, rescans and images (SPEC I1, I3, I4, Y2) ----

    /**
     * SPEC I3: a container registry. {@code has_password} says whether a password is stored; the password
     * itself (in clear or sealed) is never answered.
     */
    record RegistryView(String hostname, String url, String type, String project, String username,
            boolean hasPassword, boolean sslVerify, String createdAt, String modifiedAt) {
        static RegistryView of(ContainerRegistry r) {
            return new RegistryView(r.hostname(), r.url(), r.type(), r.project(), r.username(), r.hasPassword(),
                    r.sslVerify(), time(r.createdAt()), time(r.modifiedAt()));
        }
    }

    /**
     * SPEC I4, Y2: a background rescan of one registry ({@code registry}) or of all ({@code registry} null).
     * {@code state} is running, done or failed; {@code done} of {@code total} repositories were read so far;
     * {@code progress} is the task's log, oldest first (at most {@link #MAX_PROGRESS_LINES} lines, the newest
     * ones, after a line counting those left out).
     */
    record RescanTaskView(String id, String registry, String state, int done, int total,
            List<RegistryOutcomeView> outcomes, List<String> progress, String startedAt, String finishedAt) {
        /** At most this many progress lines are answered. */
        static final int MAX_PROGRESS_LINES = MaintenanceResource.MAX_PROGRESS_LINES;

        static RescanTaskView of(RescanTask t) {
            return new RescanTaskView(t.id(), t.registry(), wire(t.state()), t.done(), t.total(),
                    t.outcomes().stream().map(RegistryOutcomeView::of).toList(), lastLines(t.progress()),
                    time(t.startedAt()), time(t.finishedAt()));
        }

        private static List<String> lastLines(List<String> progress) {
            if (progress.size() <= MAX_PROGRESS_LINES) {
                return progress;
            }
            int left = progress.size() - MAX_PROGRESS_LINES;
            List<String> out = new java.util.ArrayList<>(MAX_PROGRESS_LINES + 1);
            out.add("\u2026 " + left + " earlier lines left out");
            out.addAll(progress.subList(left, progress.size()));
            return out;
        }
    }

    /** What a rescan did with one registry; {@code error} is null when it went well. */
    record RegistryOutcomeView(String registry, boolean ok, int imported, int skipped, String error) {
        static RegistryOutcomeView of(RescanTask.RegistryOutcome o) {
            return new RegistryOutcomeView(o.registry(), o.ok(), o.imported(), o.skipped(), o.error());
        }
    }

    /**
     * SPEC I1: an image. {@code reference} is {@code registry/namespace/name:tag} (the namespace may be
     * empty); {@code min_resources} and {@code max_resources} hold wire amounts; {@code installed_on} lists
     * the agents that reported the image locally.
     */
    record ImageView(String reference, String registry, String namespace, String name, String tag,
            String architecture, String digest, long sizeBytes, String baseDistro, Map<String, String> minResources,
            Map<String, String> maxResources, Map<String, String> labels, List<ImageAppView> apps,
            List<String> installedOn, String scannedAt, String modifiedAt) {
        static ImageView of(Image i) {
            return new ImageView(i.reference(), i.registry(), i.namespace(), i.name(), i.tag(), i.architecture(),
                    i.digest(), i.sizeBytes(), i.baseDistro(), slots(i.minResources()), slots(i.maxResources()),
                    new java.util.TreeMap<>(i.labels()), i.apps().stream().map(ImageAppView::of).toList(),
                    i.installedOn(), time(i.scannedAt()), time(i.modifiedAt()));
        }
    }

    /** An app (service) an image offers. */
    record ImageAppView(String name, String protocol, List<Integer> ports) {
        static ImageAppView of(ImageApp a) {
            return new ImageAppView(a.name(), a.protocol(), a.ports());
        }
    }

    // ---- storage volumes, quotas, virtual folders, files and model cards (SPEC S1–S7) ----

    /**
     * SPEC S1: a storage volume. {@code options} hold only the non-secret options; of the secret ones only their
     * names are answered ({@code secret_options}), never a value, in clear or sealed.
     */
    record VolumeView(String name, String backend, String mountPath, Map<String, String> options,
            List<String> secretOptions, boolean available, String unavailableReason, List<String> capabilities,
            Long usedBytes, Long capacityBytes, long folderCount, String createdAt, String modifiedAt) {
        /** Names that are always sealed (VolumeInput), whether or not they were declared secret. */
        static boolean secretName(String option) {
            String n = option.toLowerCase(Locale.ROOT);
            return n.contains("password") || n.contains("secret") || n.contains("token");
        }

        static VolumeView of(io.berth.core.storage.VolumeView v) {
            List<String> secret = v.secretOptions() == null ? List.of() : v.secretOptions().stream().sorted().toList();
            Map<String, String> options = new java.util.TreeMap<>();
            if (v.options() != null) {
                // an option named secret is left out even if it reached the view
                v.options().forEach((k, value) -> {
                    if (!secret.contains(k) && !secretName(k)) {
                        options.put(k, value);
                    }
                });
            }
            return new VolumeView(v.name(), v.backend(), v.mountPath(), options, secret, v.available(),
                    v.unavailableReason(), v.capabilities() == null ? List.of() : v.capabilities(), v.usedBytes(),
                    v.capacityBytes(), v.folderCount(), time(v.createdAt()), time(v.modifiedAt()));
        }
    }

    /**
     * SPEC S4: a quota scope on a volume. {@code type} user or project; {@code hard_limit_bytes} the limit in
     * force (null: none), from {@code source} explicit, policy or none.
     */
    record QuotaView(String volume, String type, String scopeId, String scopeName, Long usedBytes,
            Long hardLimitBytes, Long explicitLimitBytes, String source, String policy, Long policyLimitBytes,
            boolean quotaSupported) {
        static QuotaView of(io.berth.core.storage.QuotaView q) {
            return new QuotaView(q.volume(), q.kind() == null ? null : q.kind().wire(), q.scopeId(), q.scopeName(),
                    q.usedBytes(), q.hardLimitBytes(), q.explicitLimitBytes(), q.source(), q.policy(),
                    q.policyLimitBytes(), q.quotaSupported());
        }
    }

    /**
     * SPEC S2, S3: a virtual folder as the caller sees it. {@code type} user or project; {@code owner_name} the
     * owning user's email or the project's name; {@code my_permission} what the caller may do in it.
     */
    record FolderView(String id, String name, String volume, String type, String ownerId, String ownerName,
            String domainName, String creatorId, String usageMode, String permission, String myPermission,
            boolean cloneable, boolean modelStore, String createdAt, String modifiedAt) {
        static FolderView of(io.berth.core.storage.FolderView v) {
            io.berth.core.storage.VFolder f = v.folder();
            return new FolderView(f.id(), f.name(), f.volume(), f.ownerKind() == null ? null : f.ownerKind().wire(),
                    f.ownerId(), v.ownerName(), f.domainName(), f.creatorId(),
                    f.usageMode() == null ? null : f.usageMode().wire(),
                    f.permission() == null ? null : f.permission().wire(),
                    v.myPermission() == null ? null : v.myPermission().wire(), f.cloneable(), v.modelStore(),
                    time(f.createdAt()), time(f.modifiedAt()));
        }
    }

    /** The volumes the caller may create folders on and mount, sorted. */
    record FolderHostsView(List<String> allowed) {
    }

    /**
     * SPEC S7: an entry of a folder. {@code path} is relative to the folder's root with {@code /}; {@code type}
     * file, directory or symlink.
     */
    record FileEntryView(String path, String name, String type, long size, String modifiedAt) {
        static FileEntryView of(io.berth.core.storage.FileEntry e) {
            return new FileEntryView(e.path(), e.name(), e.type(), e.size(), time(e.modifiedAt()));
        }
    }

    /**
     * SPEC S6: a model card. {@code status} ready, missing (no model definition yet) or error (then
     * {@code error} says why); title and description come from the first model's metadata.
     */
    record ModelCardView(String folderId, String folderName, String projectId, String domainName, boolean cloneable,
            String status, String error, String title, String description, List<ModelView> models) {
        static ModelCardView of(io.berth.core.storage.ModelCard c) {
            return new ModelCardView(c.folderId(), c.folderName(), c.projectId(), c.domainName(), c.cloneable(),
                    c.status(), c.error(), c.title(), c.description(),
                    c.models() == null ? List.of() : c.models().stream().map(ModelView::of).toList());
        }
    }

    /** One model of a model definition: its name, path in the container and metadata as written. */
    record ModelView(String name, String modelPath, Map<String, Object> metadata) {
        static ModelView of(io.berth.core.storage.ModelCard.Model m) {
            return new ModelView(m.name(), m.modelPath(), m.metadata() == null ? Map.of() : m.metadata());
        }
    }
}

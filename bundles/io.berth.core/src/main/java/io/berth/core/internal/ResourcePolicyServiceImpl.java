package io.berth.core.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.storage.FolderOwner;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.ResourcePolicyService;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.SlotRegistry;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The rules of SPEC P1–P5 and A5 (CRUD) over the repositories. */
@Component(service = ResourcePolicyService.class)
public final class ResourcePolicyServiceImpl implements ResourcePolicyService {
    /** Bounds of whole-number limits: far above real use, low enough to stay meaningful. */
    static final Amount MAX_FOLDER_COUNT = Amount.of(100_000);
    static final Amount MAX_IMAGE_COUNT = Amount.of(10_000);
    static final Amount MAX_FOLDER_SIZE = Amount.of(1L << 60);

    private final UnitOfWork tx;
    private final KeyPairPolicyRepository keyPairPolicies;
    private final UserPolicyRepository userPolicies;
    private final ProjectPolicyRepository projectPolicies;
    private final ResourcePresetRepository presets;
    private final SlotRegistry slots;
    private final Clock clock;
    /** Told about changed folder sizes (SPEC P4); null while the storage service is not there. */
    private volatile PolicyQuotas policyQuotas;

    @Activate
    public ResourcePolicyServiceImpl(@Reference UnitOfWork tx, @Reference KeyPairPolicyRepository keyPairPolicies,
            @Reference UserPolicyRepository userPolicies, @Reference ProjectPolicyRepository projectPolicies,
            @Reference ResourcePresetRepository presets, @Reference SlotRegistry slots) {
        this(tx, keyPairPolicies, userPolicies, projectPolicies, presets, slots, Clock.systemUTC());
    }

    public ResourcePolicyServiceImpl(UnitOfWork tx, KeyPairPolicyRepository keyPairPolicies,
            UserPolicyRepository userPolicies, ProjectPolicyRepository projectPolicies,
            ResourcePresetRepository presets, SlotRegistry slots, Clock clock) {
        this.tx = tx;
        this.keyPairPolicies = keyPairPolicies;
        this.userPolicies = userPolicies;
        this.projectPolicies = projectPolicies;
        this.presets = presets;
        this.slots = slots;
        this.clock = clock;
    }

    /** Policy changes alter what every holder may do; cached credentials carry no policy, so no cache. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPolicyQuotas(PolicyQuotas quotas) {
        this.policyQuotas = quotas;
    }

    void unsetPolicyQuotas(PolicyQuotas quotas) {
        if (this.policyQuotas == quotas) {
            this.policyQuotas = null;
        }
    }

    /** After a committed change of a policy's max folder size, its holders' quotas follow at once. */
    private void folderSizeChanged(FolderOwner kind, String name, Amount before, Amount after) {
        PolicyQuotas q = policyQuotas;
        if (q != null && !before.equals(after)) {
            q.policyChanged(kind, name);
        }
    }

    private <T> T write(Supplier<T> work) {
        return tx.inTransaction(work);
    }

    private static void readPolicies(Caller c) {
        if (!c.isGlobalReader() && c.role() != Role.ADMIN) {
            throw new ForbiddenException("your role (" + c.role().wire() + ") may not view resource policies");
        }
    }

    private static String newName(String name) {
        return Rules.slug(name, "name");
    }

    /** The name is the key: an update may repeat it but never change it. */
    private static void sameName(String path, String body) {
        if (body != null && !body.equals(path)) {
            throw new ValidationException("the name is the key of a policy or preset and cannot be changed", "name");
        }
    }

    private static <T> T found(Optional<T> o, String what, String name) {
        return o.orElseThrow(() -> new NotFoundException("no " + what + " named '" + Rules.printable(name) + "'"));
    }

    // ---------------------------------------------------------------- keypair policies

    @Override
    public List<KeyPairResourcePolicy> listKeyPairPolicies(Caller caller) {
        readPolicies(caller);
        return keyPairPolicies.list();
    }

    @Override
    public KeyPairResourcePolicy getKeyPairPolicy(Caller caller, String name) {
        readPolicies(caller);
        return found(keyPairPolicies.find(name), "keypair resource policy", name);
    }

    @Override
    public KeyPairResourcePolicy createKeyPairPolicy(Caller caller, KeyPairPolicyInput in) {
        Access.superadmin(caller, "create resource policies");
        String name = newName(in.name());
        KeyPairResourcePolicy p = keyPairPolicy(in, KeyPairResourcePolicy.defaults(clock.instant()), name);
        return write(() -> {
            if (keyPairPolicies.find(name).isPresent()) {
                throw new ConflictException("a keypair resource policy named '" + name + "' already exists", "name");
            }
            keyPairPolicies.insert(p);
            return p;
        });
    }

    @Override
    public KeyPairResourcePolicy updateKeyPairPolicy(Caller caller, String name, KeyPairPolicyInput in) {
        Access.superadmin(caller, "change resource policies");
        sameName(name, in.name());
        return write(() -> {
            KeyPairResourcePolicy old = found(keyPairPolicies.find(name), "keypair resource policy", name);
            KeyPairResourcePolicy p = keyPairPolicy(in, old, name);
            keyPairPolicies.update(p);
            return p;
        });
    }

    /** Applies the given fields over {@code base} (the defaults on create, the stored policy on update). */
    private KeyPairResourcePolicy keyPairPolicy(KeyPairPolicyInput in, KeyPairResourcePolicy base, String name) {
        UnspecifiedSlots unspecified = in.defaultForUnspecified() == null ? base.defaultForUnspecified()
                : unspecified(in.defaultForUnspecified());
        ResourceSlots total = in.totalResourceSlots() == null ? base.totalResourceSlots()
                : withinMaxima(slots.parse(in.totalResourceSlots(), "total_resource_slots"), "total_resource_slots");
        long lifetime = Rules.range(in.maxSessionLifetime(), 0, KeyPairResourcePolicy.MAX_SESSION_LIFETIME,
                base.maxSessionLifetime(), "max_session_lifetime");
        int concurrent = Rules.range(in.maxConcurrentSessions(), 1, KeyPairResourcePolicy.MAX_CONCURRENT_SESSIONS,
                base.maxConcurrentSessions(), "max_concurrent_sessions");
        Amount pending = Rules.amount(in.maxPendingSessionCount(), SlotKind.UNIQUE,
                Amount.of(KeyPairResourcePolicy.MAX_PENDING_SESSION_COUNT), base.maxPendingSessionCount(),
                "max_pending_session_count");
        ResourceSlots pendingSlots = in.maxPendingSessionResourceSlots() == null
                ? base.maxPendingSessionResourceSlots()
                : slots.parse(in.maxPendingSessionResourceSlots(), "max_pending_session_resource_slots");
        int containers = Rules.range(in.maxContainersPerSession(), 1, KeyPairResourcePolicy.MAX_CONTAINERS_PER_SESSION,
                base.maxContainersPerSession(), "max_containers_per_session");
        long idle = Rules.range(in.idleTimeout(), 0, KeyPairResourcePolicy.MAX_IDLE_TIMEOUT, base.idleTimeout(),
                "idle_timeout");
        List<String> hosts = in.allowedVfolderHosts() == null ? base.allowedVfolderHosts()
                : Rules.hosts(in.allowedVfolderHosts(), "allowed_vfolder_hosts");
        Instant now = clock.instant();
        return new KeyPairResourcePolicy(name, unspecified, total, lifetime, concurrent, pending, pendingSlots,
                containers, idle, hosts, base.name().equals(name) ? base.createdAt() : now, now);
    }

    private static UnspecifiedSlots unspecified(String s) {
        for (UnspecifiedSlots u : UnspecifiedSlots.values()) {
            if (u.wire().equals(s.toLowerCase(Locale.ROOT))) {
                return u;
            }
        }
        throw new ValidationException("default_for_unspecified must be 'limited' or 'unlimited'",
                "default_for_unspecified");
    }

    /** SPEC P1 maxima per slot (∞ is always allowed). */
    private ResourceSlots withinMaxima(ResourceSlots total, String field) {
        Map<String, SlotDefinition> defs = slots.definitions();
        for (Map.Entry<String, Amount> e : total.asMap().entrySet()) {
            SlotDefinition d = defs.get(e.getKey());
            Amount a = e.getValue();
            if (d != null && d.policyMaximum() != null && !a.isInfinite()
                    && a.compareTo(Amount.of(d.policyMaximum())) > 0) {
                throw new ValidationException(field + "." + e.getKey() + " must be at most "
                        + Amount.of(d.policyMaximum()).format(d.kind()) + " or unlimited", field + "." + e.getKey());
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- user policies

    @Override
    public List<UserResourcePolicy> listUserPolicies(Caller caller) {
        readPolicies(caller);
        return userPolicies.list();
    }

    @Override
    public UserResourcePolicy getUserPolicy(Caller caller, String name) {
        readPolicies(caller);
        return found(userPolicies.find(name), "user resource policy", name);
    }

    @Override
    public UserResourcePolicy createUserPolicy(Caller caller, UserPolicyInput in) {
        Access.superadmin(caller, "create resource policies");
        String name = newName(in.name());
        UserResourcePolicy p = userPolicy(in, UserResourcePolicy.defaults(clock.instant()), name);
        return write(() -> {
            if (userPolicies.find(name).isPresent()) {
                throw new ConflictException("a user resource policy named '" + name + "' already exists", "name");
            }
            userPolicies.insert(p);
            return p;
        });
    }

    @Override
    public UserResourcePolicy updateUserPolicy(Caller caller, String name, UserPolicyInput in) {
        Access.superadmin(caller, "change resource policies");
        sameName(name, in.name());
        UserResourcePolicy[] before = new UserResourcePolicy[1];
        UserResourcePolicy updated = write(() -> {
            UserResourcePolicy old = found(userPolicies.find(name), "user resource policy", name);
            before[0] = old;
            UserResourcePolicy p = userPolicy(in, old, name);
            userPolicies.update(p);
            return p;
        });
        folderSizeChanged(FolderOwner.USER, name, before[0].maxQuotaScopeSize(), updated.maxQuotaScopeSize());
        return updated;
    }

    private UserResourcePolicy userPolicy(UserPolicyInput in, UserResourcePolicy base, String name) {
        Amount folders = Rules.amount(in.maxVfolderCount(), SlotKind.UNIQUE, MAX_FOLDER_COUNT, base.maxVfolderCount(),
                "max_vfolder_count");
        Amount size = Rules.amount(in.maxQuotaScopeSize(), SlotKind.BYTES, MAX_FOLDER_SIZE, base.maxQuotaScopeSize(),
                "max_quota_scope_size");
        int perModel = Rules.range(in.maxSessionCountPerModelSession(), 1,
                UserResourcePolicy.MAX_SESSION_COUNT_PER_MODEL_SESSION, base.maxSessionCountPerModelSession(),
                "max_session_count_per_model_session");
        Amount images = Rules.amount(in.maxCustomizedImageCount(), SlotKind.UNIQUE, MAX_IMAGE_COUNT,
                base.maxCustomizedImageCount(), "max_customized_image_count");
        Instant now = clock.instant();
        return new UserResourcePolicy(name, folders, size, perModel, images,
                base.name().equals(name) ? base.createdAt() : now, now);
    }

    // ---------------------------------------------------------------- project policies

    @Override
    public List<ProjectResourcePolicy> listProjectPolicies(Caller caller) {
        readPolicies(caller);
        return projectPolicies.list();
    }

    @Override
    public ProjectResourcePolicy getProjectPolicy(Caller caller, String name) {
        readPolicies(caller);
        return found(projectPolicies.find(name), "project resource policy", name);
    }

    @Override
    public ProjectResourcePolicy createProjectPolicy(Caller caller, ProjectPolicyInput in) {
        Access.superadmin(caller, "create resource policies");
        String name = newName(in.name());
        ProjectResourcePolicy p = projectPolicy(in, ProjectResourcePolicy.defaults(clock.instant()), name);
        return write(() -> {
            if (projectPolicies.find(name).isPresent()) {
                throw new ConflictException("a project resource policy named '" + name + "' already exists", "name");
            }
            projectPolicies.insert(p);
            return p;
        });
    }

    @Override
    public ProjectResourcePolicy updateProjectPolicy(Caller caller, String name, ProjectPolicyInput in) {
        Access.superadmin(caller, "change resource policies");
        sameName(name, in.name());
        ProjectResourcePolicy[] before = new ProjectResourcePolicy[1];
        ProjectResourcePolicy updated = write(() -> {
            ProjectResourcePolicy old = found(projectPolicies.find(name), "project resource policy", name);
            before[0] = old;
            ProjectResourcePolicy p = projectPolicy(in, old, name);
            projectPolicies.update(p);
            return p;
        });
        folderSizeChanged(FolderOwner.PROJECT, name, before[0].maxQuotaScopeSize(), updated.maxQuotaScopeSize());
        return updated;
    }

    private ProjectResourcePolicy projectPolicy(ProjectPolicyInput in, ProjectResourcePolicy base, String name) {
        Amount folders = Rules.amount(in.maxVfolderCount(), SlotKind.UNIQUE, MAX_FOLDER_COUNT, base.maxVfolderCount(),
                "max_vfolder_count");
        Amount size = Rules.amount(in.maxQuotaScopeSize(), SlotKind.BYTES, MAX_FOLDER_SIZE, base.maxQuotaScopeSize(),
                "max_quota_scope_size");
        Instant now = clock.instant();
        return new ProjectResourcePolicy(name, folders, size, base.name().equals(name) ? base.createdAt() : now, now);
    }

    // ---------------------------------------------------------------- delete and export

    @Override
    public void deletePolicy(Caller caller, PolicyKind kind, String name) {
        Access.superadmin(caller, "delete resource policies");
        String what = kind.wire() + " resource policy";
        if (KeyPairResourcePolicy.DEFAULT.equals(name)) {
            throw new ConflictException("the default " + what + " cannot be deleted: new "
                    + (kind == PolicyKind.KEYPAIR ? "keypairs" : kind.wire() + "s") + " get it", "name");
        }
        tx.run(() -> {
            Referrers refs = switch (kind) {
                case KEYPAIR -> {
                    found(keyPairPolicies.find(name), what, name);
                    yield keyPairPolicies.referrers(name);
                }
                case USER -> {
                    found(userPolicies.find(name), what, name);
                    yield userPolicies.referrers(name);
                }
                case PROJECT -> {
                    found(projectPolicies.find(name), what, name);
                    yield projectPolicies.referrers(name);
                }
            };
            if (!refs.isEmpty()) {
                throw new ReferencedException("the " + what + " '" + name + "' is still used by " + refs.total()
                        + (refs.total() == 1 ? " holder" : " holders") + ": " + String.join(", ", refs.sample())
                        + (refs.total() > refs.sample().size() ? ", ..." : ""), refs.sample(), refs.total());
            }
            switch (kind) {
                case KEYPAIR -> keyPairPolicies.delete(name);
                case USER -> userPolicies.delete(name);
                case PROJECT -> projectPolicies.delete(name);
            }
        });
    }

    @Override
    public void exportPolicies(Caller caller, PolicyKind kind, ExportFormat format, Writer out) throws IOException {
        readPolicies(caller);
        PolicyExport.write(kind, switch (kind) {
            case KEYPAIR -> keyPairPolicies.list();
            case USER -> userPolicies.list();
            case PROJECT -> projectPolicies.list();
        }, format, out);
    }

    // ---------------------------------------------------------------- presets

    @Override
    public List<ResourcePreset> listPresets(Caller caller, String resourceGroup) {
        List<ResourcePreset> all = presets.list();
        if (resourceGroup == null) {
            return all;
        }
        return all.stream().filter(p -> p.resourceGroup() == null || p.resourceGroup().equals(resourceGroup)).toList();
    }

    @Override
    public ResourcePreset getPreset(Caller caller, String name) {
        return found(presets.find(name), "resource preset", name);
    }

    @Override
    public ResourcePreset createPreset(Caller caller, PresetInput in) {
        Access.superadmin(caller, "create resource presets");
        String name = newName(in.name());
        if (in.resourceSlots() == null) {
            throw new ValidationException("resource_slots is required", "resource_slots");
        }
        Instant now = clock.instant();
        ResourcePreset p = preset(in, new ResourcePreset(name, ResourceSlots.EMPTY, null, null, now, now), name);
        return write(() -> {
            if (presets.find(name).isPresent()) {
                throw new ConflictException("a resource preset named '" + name + "' already exists", "name");
            }
            presets.insert(p);
            return p;
        });
    }

    @Override
    public ResourcePreset updatePreset(Caller caller, String name, PresetInput in) {
        Access.superadmin(caller, "change resource presets");
        sameName(name, in.name());
        return write(() -> {
            ResourcePreset old = found(presets.find(name), "resource preset", name);
            ResourcePreset p = preset(in, old, name);
            presets.update(p);
            return p;
        });
    }

    /** A preset is a concrete request: finite amounts, cpu and mem given, shared memory within mem. */
    private ResourcePreset preset(PresetInput in, ResourcePreset base, String name) {
        ResourceSlots rs = base.resourceSlots();
        if (in.resourceSlots() != null) {
            rs = withinMaxima(slots.parse(in.resourceSlots(), "resource_slots"), "resource_slots").nonZero();
            for (Map.Entry<String, Amount> e : rs.asMap().entrySet()) {
                if (e.getValue().isInfinite()) {
                    throw new ValidationException("a preset needs a finite amount of " + e.getKey(),
                            "resource_slots." + e.getKey());
                }
            }
            for (String required : List.of("cpu", "mem")) {
                if (!rs.contains(required)) {
                    throw new ValidationException("a preset needs a non-zero amount of " + required,
                            "resource_slots." + required);
                }
            }
        }
        Long shm = base.sharedMemory();
        if (in.sharedMemory() != null) {
            Amount a = Rules.amount(in.sharedMemory(), SlotKind.BYTES, Amount.of(Long.MAX_VALUE), null,
                    "shared_memory");
            if (a.isInfinite()) {
                throw new ValidationException("shared_memory must be a finite size such as 64m", "shared_memory");
            }
            shm = a.isZero() ? null : a.value().longValueExact();
        }
        if (shm != null && Amount.of(shm).compareTo(rs.get("mem", Amount.ZERO)) > 0) {
            throw new ValidationException("shared_memory cannot exceed the preset's memory", "shared_memory");
        }
        String group = base.resourceGroup();
        if (in.resourceGroup() != null) {
            group = in.resourceGroup().isEmpty() ? null : Rules.slug(in.resourceGroup(), "resource_group");
        }
        return new ResourcePreset(name, rs, shm, group, base.createdAt(), clock.instant());
    }

    @Override
    public void deletePreset(Caller caller, String name) {
        Access.superadmin(caller, "delete resource presets");
        tx.run(() -> {
            found(presets.find(name), "resource preset", name);
            presets.delete(name);
        });
    }
}

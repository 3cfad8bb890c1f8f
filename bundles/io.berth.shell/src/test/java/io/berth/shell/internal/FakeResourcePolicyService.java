package io.berth.shell.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
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
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.SlotKind;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** In-memory policies and presets with the defaults core starts with; it records the last inputs. */
final class FakeResourcePolicyService implements ResourcePolicyService {
    static final java.time.Instant T0 = FakeIdentityService.T0;
    private final FakeSlotRegistry slots = FakeSlotRegistry.INSTANCE;
    final Map<String, KeyPairResourcePolicy> keyPair = new TreeMap<>(Map.of("default",
            KeyPairResourcePolicy.defaults(T0)));
    final Map<String, UserResourcePolicy> user = new TreeMap<>(Map.of("default", UserResourcePolicy.defaults(T0)));
    final Map<String, ProjectResourcePolicy> project = new TreeMap<>(Map.of("default",
            ProjectResourcePolicy.defaults(T0)));
    final Map<String, ResourcePreset> presets = new TreeMap<>();
    /** "kind/name" → what refers to it; deleting such a policy is refused. */
    final Map<String, List<String>> referrers = new HashMap<>();
    final List<Caller> callers = new ArrayList<>();
    KeyPairPolicyInput lastKeyPairInput;
    UserPolicyInput lastUserInput;
    ProjectPolicyInput lastProjectInput;
    PresetInput lastPresetInput;
    String lastPresetGroup = "(not asked)";
    String lastDeleted;
    String lastExport;
    /** Thrown by the export after part of the output is written. */
    RuntimeException exportFailure;

    private static <T> T found(T value, String what, String name) {
        if (value == null) {
            throw new NotFoundException("no " + what + " named '" + name + "'");
        }
        return value;
    }

    private static <T> void unique(Map<String, T> map, String what, String name) {
        if (map.containsKey(name)) {
            throw new ConflictException("a " + what + " named '" + name + "' already exists", "name");
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    @Override
    public List<KeyPairResourcePolicy> listKeyPairPolicies(Caller c) {
        callers.add(c);
        return List.copyOf(keyPair.values());
    }

    @Override
    public List<UserResourcePolicy> listUserPolicies(Caller c) {
        callers.add(c);
        return List.copyOf(user.values());
    }

    @Override
    public List<ProjectResourcePolicy> listProjectPolicies(Caller c) {
        callers.add(c);
        return List.copyOf(project.values());
    }

    @Override
    public KeyPairResourcePolicy getKeyPairPolicy(Caller c, String n) {
        return found(keyPair.get(n), "keypair policy", n);
    }

    @Override
    public UserResourcePolicy getUserPolicy(Caller c, String n) {
        return found(user.get(n), "user policy", n);
    }

    @Override
    public ProjectResourcePolicy getProjectPolicy(Caller c, String n) {
        return found(project.get(n), "project policy", n);
    }

    @Override
    public KeyPairResourcePolicy createKeyPairPolicy(Caller c, KeyPairPolicyInput in) {
        unique(keyPair, "keypair policy", in.name());
        return keyPair(in.name(), KeyPairResourcePolicy.defaults(T0), in);
    }

    @Override
    public KeyPairResourcePolicy updateKeyPairPolicy(Caller c, String name, KeyPairPolicyInput in) {
        return keyPair(name, getKeyPairPolicy(c, name), in);
    }

    private KeyPairResourcePolicy keyPair(String name, KeyPairResourcePolicy b, KeyPairPolicyInput in) {
        lastKeyPairInput = in;
        UnspecifiedSlots unspecified = b.defaultForUnspecified();
        if (in.defaultForUnspecified() != null) {
            try {
                unspecified = UnspecifiedSlots.valueOf(in.defaultForUnspecified().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("use limited or unlimited", "default_for_unspecified");
            }
        }
        KeyPairResourcePolicy p = new KeyPairResourcePolicy(name, unspecified,
                or(slots.parseOrNull(in.totalResourceSlots(), "total_resource_slots"), b.totalResourceSlots()),
                or(in.maxSessionLifetime(), b.maxSessionLifetime()),
                or(in.maxConcurrentSessions(), b.maxConcurrentSessions()),
                or(FakeSlotRegistry.amount(in.maxPendingSessionCount(), SlotKind.UNIQUE, "max_pending_session_count"),
                        b.maxPendingSessionCount()),
                or(slots.parseOrNull(in.maxPendingSessionResourceSlots(), "max_pending_session_resource_slots"),
                        b.maxPendingSessionResourceSlots()),
                or(in.maxContainersPerSession(), b.maxContainersPerSession()), or(in.idleTimeout(), b.idleTimeout()),
                or(in.allowedVfolderHosts(), b.allowedVfolderHosts()), b.createdAt(), T0);
        keyPair.put(name, p);
        return p;
    }

    @Override
    public UserResourcePolicy createUserPolicy(Caller c, UserPolicyInput in) {
        unique(user, "user policy", in.name());
        return user(in.name(), UserResourcePolicy.defaults(T0), in);
    }

    @Override
    public UserResourcePolicy updateUserPolicy(Caller c, String name, UserPolicyInput in) {
        return user(name, getUserPolicy(c, name), in);
    }

    private UserResourcePolicy user(String name, UserResourcePolicy b, UserPolicyInput in) {
        lastUserInput = in;
        UserResourcePolicy p = new UserResourcePolicy(name,
                or(FakeSlotRegistry.amount(in.maxVfolderCount(), SlotKind.UNIQUE, "max_vfolder_count"),
                        b.maxVfolderCount()),
                or(FakeSlotRegistry.amount(in.maxQuotaScopeSize(), SlotKind.BYTES, "max_quota_scope_size"),
                        b.maxQuotaScopeSize()),
                or(in.maxSessionCountPerModelSession(), b.maxSessionCountPerModelSession()),
                or(FakeSlotRegistry.amount(in.maxCustomizedImageCount(), SlotKind.UNIQUE,
                        "max_customized_image_count"),
                        b.maxCustomizedImageCount()), b.createdAt(), T0);
        user.put(name, p);
        return p;
    }

    @Override
    public ProjectResourcePolicy createProjectPolicy(Caller c, ProjectPolicyInput in) {
        unique(project, "project policy", in.name());
        return project(in.name(), ProjectResourcePolicy.defaults(T0), in);
    }

    @Override
    public ProjectResourcePolicy updateProjectPolicy(Caller c, String name, ProjectPolicyInput in) {
        return project(name, getProjectPolicy(c, name), in);
    }

    private ProjectResourcePolicy project(String name, ProjectResourcePolicy b, ProjectPolicyInput in) {
        lastProjectInput = in;
        ProjectResourcePolicy p = new ProjectResourcePolicy(name,
                or(FakeSlotRegistry.amount(in.maxVfolderCount(), SlotKind.UNIQUE, "max_vfolder_count"),
                        b.maxVfolderCount()),
                or(FakeSlotRegistry.amount(in.maxQuotaScopeSize(), SlotKind.BYTES, "max_quota_scope_size"),
                        b.maxQuotaScopeSize()), b.createdAt(), T0);
        project.put(name, p);
        return p;
    }

    @Override
    public void deletePolicy(Caller c, PolicyKind kind, String name) {
        lastDeleted = kind.wire() + "/" + name;
        List<String> refs = referrers.get(lastDeleted);
        if (refs != null) {
            throw new ReferencedException(kind.wire() + " policy '" + name + "' is in use", refs.subList(0,
                    Math.min(2, refs.size())), refs.size());
        }
        Map<String, ?> map = kind == PolicyKind.KEYPAIR ? keyPair : kind == PolicyKind.USER ? user : project;
        found(map.remove(name), kind.wire() + " policy", name);
    }

    /** CSV with a header (slot maps as JSON text, so quotes and commas occur) or a JSON array of names. */
    @Override
    public void exportPolicies(Caller c, PolicyKind kind, ExportFormat format, Writer out) throws IOException {
        lastExport = kind.wire() + "/" + format.extension();
        if (exportFailure != null) {
            out.write("name,partial");
            out.flush();
            throw exportFailure;
        }
        if (format == ExportFormat.JSON) {
            out.write("[" + String.join(",", keyPair.keySet().stream().map(n -> "{\"name\":\"" + n + "\"}").toList())
                    + "]");
            return;
        }
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT);
        csv.printRecord("name", "total_resource_slots", "description");
        for (KeyPairResourcePolicy p : keyPair.values()) {
            StringBuilder json = new StringBuilder("{");
            p.totalResourceSlots().toWire().forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(k).append("\":\"").append(v).append('"'));
            csv.printRecord(p.name(), json.append('}'), "Größe\nzwei Zeilen");
        }
        csv.flush();
    }

    @Override
    public List<ResourcePreset> listPresets(Caller c, String group) {
        lastPresetGroup = group;
        return presets.values().stream().filter(p -> group == null || p.resourceGroup() == null
                || p.resourceGroup().equals(group)).toList();
    }

    @Override public ResourcePreset getPreset(Caller c, String n) { return found(presets.get(n), "preset", n); }

    @Override
    public ResourcePreset createPreset(Caller c, PresetInput in) {
        unique(presets, "preset", in.name());
        return preset(in.name(), new ResourcePreset(in.name(), null, null, null, T0, T0), in);
    }

    @Override
    public ResourcePreset updatePreset(Caller c, String name, PresetInput in) {
        return preset(name, getPreset(c, name), in);
    }

    private ResourcePreset preset(String name, ResourcePreset b, PresetInput in) {
        lastPresetInput = in;
        var shm = FakeSlotRegistry.amount(in.sharedMemory(), SlotKind.BYTES, "shared_memory");
        String group = in.resourceGroup() == null ? b.resourceGroup() : in.resourceGroup().isEmpty() ? null
                : in.resourceGroup();
        ResourcePreset p = new ResourcePreset(name, or(slots.parseOrNull(in.resourceSlots(), "resource_slots"),
                b.resourceSlots()), shm == null ? b.sharedMemory() : Long.valueOf(shm.value().longValueExact()), group,
                b.createdAt(), T0);
        presets.put(name, p);
        return p;
    }

    @Override
    public void deletePreset(Caller c, String name) {
        found(presets.remove(name), "preset", name);
    }
}

package io.berth.rest.internal;

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
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A hand-written in-memory resource policy service. It records every input as given (so tests see what REST
 * passed) and does not parse amounts: what it creates has fixed limits. Like core it refuses a changed name,
 * keeps {@code default} and refuses to delete the policy {@code gold}, which is "in use".
 */
final class FakeResourcePolicyService implements ResourcePolicyService {
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-03-04T05:06:07.089Z");
    /** Beyond a long, and with more digits than a double keeps. */
    static final BigDecimal HUGE = new BigDecimal("123456789012345678901234567");
    /** Written by the CSV export: a header, a row, a character outside ASCII. */
    static final String CSV_TEXT = "name,description\r\ndefault,Größe ∞\r\n";
    static final String JSON_TEXT = "[{\"name\":\"default\",\"note\":\"Größe ∞\"}]";

    final Map<String, KeyPairResourcePolicy> keypair = new TreeMap<>();
    final Map<String, UserResourcePolicy> user = new TreeMap<>();
    final Map<String, ProjectResourcePolicy> project = new TreeMap<>();
    final Map<String, ResourcePreset> presets = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();
    /** When set, the export throws it before writing anything. */
    RuntimeException exportFailure;

    FakeResourcePolicyService() {
        keypair.put("default", KeyPairResourcePolicy.defaults(T0));
        keypair.put("gold", new KeyPairResourcePolicy("gold", UnspecifiedSlots.LIMITED,
                ResourceSlots.of(Map.of("cpu", Amount.of(4), "mem", Amount.of(8_589_934_592L), "cuda.shares",
                        Amount.INFINITE)),
                86_400, 5, Amount.of(10), ResourceSlots.of(Map.of("cpu", Amount.of(new BigDecimal("0.5")))), 2, 600,
                List.of("local:volume1"), T0, T1));
        user.put("default", UserResourcePolicy.defaults(T0));
        user.put("big", new UserResourcePolicy("big", Amount.of(50), Amount.of(HUGE), 3, Amount.INFINITE, T0, T1));
        project.put("default", ProjectResourcePolicy.defaults(T0));
        presets.put("gpu", new ResourcePreset("gpu", ResourceSlots.of(Map.of("cpu", Amount.of(2), "cuda.shares",
                Amount.of(new BigDecimal("0.25")))), null, "gpu-group", T0, T1));
        presets.put("small", new ResourcePreset("small", ResourceSlots.of(Map.of("cpu", Amount.of(1), "mem",
                Amount.of(1_073_741_824L))), 67_108_864L, null, T0, T0));
    }

    private static <T> T found(T value, String what, String name) {
        if (value == null) {
            throw new NotFoundException("no " + what + " " + name, "name");
        }
        return value;
    }

    private static void sameName(String path, String body) {
        if (body != null && !body.equals(path)) {
            throw new ValidationException("the name of a policy cannot change", "name");
        }
    }

    // ---- keypair ----

    @Override
    public List<KeyPairResourcePolicy> listKeyPairPolicies(Caller caller) {
        calls.add(caller);
        return List.copyOf(keypair.values());
    }

    @Override
    public KeyPairResourcePolicy getKeyPairPolicy(Caller caller, String name) {
        calls.add(name);
        return found(keypair.get(name), "keypair resource policy", name);
    }

    @Override
    public KeyPairResourcePolicy createKeyPairPolicy(Caller caller, KeyPairPolicyInput input) {
        calls.add(input);
        KeyPairResourcePolicy p = new KeyPairResourcePolicy(input.name(), UnspecifiedSlots.UNLIMITED,
                ResourceSlots.EMPTY, 0, 1, Amount.INFINITE, ResourceSlots.EMPTY, 1, 0, List.of(), T1, T1);
        keypair.put(p.name(), p);
        return p;
    }

    @Override
    public KeyPairResourcePolicy updateKeyPairPolicy(Caller caller, String name, KeyPairPolicyInput input) {
        calls.add(input);
        sameName(name, input.name());
        return getKeyPairPolicy(caller, name);
    }

    // ---- user ----

    @Override
    public List<UserResourcePolicy> listUserPolicies(Caller caller) {
        calls.add(caller);
        return List.copyOf(user.values());
    }

    @Override
    public UserResourcePolicy getUserPolicy(Caller caller, String name) {
        calls.add(name);
        return found(user.get(name), "user resource policy", name);
    }

    @Override
    public UserResourcePolicy createUserPolicy(Caller caller, UserPolicyInput input) {
        calls.add(input);
        UserResourcePolicy p = new UserResourcePolicy(input.name(), Amount.of(1), Amount.INFINITE, 1, Amount.ZERO,
                T1, T1);
        user.put(p.name(), p);
        return p;
    }

    @Override
    public UserResourcePolicy updateUserPolicy(Caller caller, String name, UserPolicyInput input) {
        calls.add(input);
        sameName(name, input.name());
        return getUserPolicy(caller, name);
    }

    // ---- project ----

    @Override
    public List<ProjectResourcePolicy> listProjectPolicies(Caller caller) {
        calls.add(caller);
        return List.copyOf(project.values());
    }

    @Override
    public ProjectResourcePolicy getProjectPolicy(Caller caller, String name) {
        calls.add(name);
        return found(project.get(name), "project resource policy", name);
    }

    @Override
    public ProjectResourcePolicy createProjectPolicy(Caller caller, ProjectPolicyInput input) {
        calls.add(input);
        ProjectResourcePolicy p = new ProjectResourcePolicy(input.name(), Amount.of(7), Amount.INFINITE, T1, T1);
        project.put(p.name(), p);
        return p;
    }

    @Override
    public ProjectResourcePolicy updateProjectPolicy(Caller caller, String name, ProjectPolicyInput input) {
        calls.add(input);
        sameName(name, input.name());
        return getProjectPolicy(caller, name);
    }

    // ---- delete and export ----

    @Override
    public void deletePolicy(Caller caller, PolicyKind kind, String name) {
        calls.add(List.of(kind, name));
        Map<String, ?> all = switch (kind) {
            case KEYPAIR -> keypair;
            case USER -> user;
            case PROJECT -> project;
        };
        found(all.get(name), kind.wire() + " resource policy", name);
        if ("default".equals(name)) {
            throw new ConflictException("the default policy cannot be deleted", "name");
        }
        if ("gold".equals(name)) {
            throw new ReferencedException("the policy is in use", List.of("keypair AK1", "keypair AK2"), 7);
        }
        all.remove(name);
    }

    @Override
    public void exportPolicies(Caller caller, PolicyKind kind, ExportFormat format, Writer out) throws IOException {
        calls.add(List.of(caller, kind, format));
        if (exportFailure != null) {
            throw exportFailure;
        }
        out.write(format == ExportFormat.CSV ? CSV_TEXT : JSON_TEXT);
    }

    // ---- presets ----

    @Override
    public List<ResourcePreset> listPresets(Caller caller, String resourceGroup) {
        calls.add(java.util.Arrays.asList(caller, resourceGroup));
        return presets.values().stream().filter(p -> resourceGroup == null || p.resourceGroup() == null
                || p.resourceGroup().equals(resourceGroup)).toList();
    }

    @Override
    public ResourcePreset getPreset(Caller caller, String name) {
        calls.add(name);
        return found(presets.get(name), "resource preset", name);
    }

    @Override
    public ResourcePreset createPreset(Caller caller, PresetInput input) {
        calls.add(input);
        ResourcePreset p = new ResourcePreset(Objects.requireNonNull(input.name()), ResourceSlots.EMPTY, null, null,
                T1, T1);
        presets.put(p.name(), p);
        return p;
    }

    @Override
    public ResourcePreset updatePreset(Caller caller, String name, PresetInput input) {
        calls.add(input);
        sameName(name, input.name());
        return getPreset(caller, name);
    }

    @Override
    public void deletePreset(Caller caller, String name) {
        calls.add(List.of("delete", name));
        found(presets.remove(name), "resource preset", name);
    }
}

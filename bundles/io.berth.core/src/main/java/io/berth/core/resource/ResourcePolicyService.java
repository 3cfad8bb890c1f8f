package io.berth.core.resource;

import io.berth.core.identity.Caller;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keypair, user and project resource policies (SPEC P1–P5) and resource presets (A5). Superadmins,
 * monitors and domain admins read policies; only a superadmin changes them. Everyone signed in reads
 * presets; only a superadmin changes them. Each change runs in one transaction and takes effect for
 * every holder at once.
 */
@ProviderType
public interface ResourcePolicyService {

    List<KeyPairResourcePolicy> listKeyPairPolicies(Caller caller);

    KeyPairResourcePolicy getKeyPairPolicy(Caller caller, String name);

    KeyPairResourcePolicy createKeyPairPolicy(Caller caller, KeyPairPolicyInput input);

    /** {@code input.name()} must be null or equal to {@code name}: the name is the key. */
    KeyPairResourcePolicy updateKeyPairPolicy(Caller caller, String name, KeyPairPolicyInput input);

    List<UserResourcePolicy> listUserPolicies(Caller caller);

    UserResourcePolicy getUserPolicy(Caller caller, String name);

    UserResourcePolicy createUserPolicy(Caller caller, UserPolicyInput input);

    UserResourcePolicy updateUserPolicy(Caller caller, String name, UserPolicyInput input);

    List<ProjectResourcePolicy> listProjectPolicies(Caller caller);

    ProjectResourcePolicy getProjectPolicy(Caller caller, String name);

    ProjectResourcePolicy createProjectPolicy(Caller caller, ProjectPolicyInput input);

    ProjectResourcePolicy updateProjectPolicy(Caller caller, String name, ProjectPolicyInput input);

    /**
     * SPEC P4: refused with a {@link io.berth.core.error.ReferencedException} (409) listing the referrers
     * while any keypair (active or not), user or project refers to the policy; the {@code default}
     * policy of each kind is never deleted.
     */
    void deletePolicy(Caller caller, PolicyKind kind, String name);

    /**
     * SPEC P5: writes every policy of the kind, sorted by name, as CSV (a header row, slot maps as JSON
     * text) or as a JSON array of the same objects the REST API returns.
     */
    void exportPolicies(Caller caller, PolicyKind kind, ExportFormat format, Writer out) throws IOException;

    /** Presets sorted by name; {@code resourceGroup} non-null keeps those for that group or for every group. */
    List<ResourcePreset> listPresets(Caller caller, String resourceGroup);

    ResourcePreset getPreset(Caller caller, String name);

    ResourcePreset createPreset(Caller caller, PresetInput input);

    ResourcePreset updatePreset(Caller caller, String name, PresetInput input);

    void deletePreset(Caller caller, String name);
}

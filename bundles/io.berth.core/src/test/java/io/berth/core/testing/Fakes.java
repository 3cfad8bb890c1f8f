package io.berth.core.testing;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.session.Session;
import io.berth.core.session.StatusChange;
import io.berth.core.settings.SettingChange;
import io.berth.core.storage.StorageVolume;
import io.berth.core.storage.VFolder;
import java.util.List;
import java.util.Map;

/** The fake repositories over one fake unit of work. */
public final class Fakes {
    /** Everything in the fake stores at one moment; equal states mean nothing was written. */
    public record State(Map<String, Domain> domains, Map<String, Project> projects, Map<String, User> users,
            Map<String, KeyPair> keyPairs, Map<String, KeyPairResourcePolicy> keyPairPolicies,
            Map<String, UserResourcePolicy> userPolicies, Map<String, ProjectResourcePolicy> projectPolicies,
            Map<String, ResourcePreset> presets, Map<String, String> settings,
            Map<String, SettingChange> settingChanges, Map<String, Agent> agents,
            Map<String, ResourceGroup> resourceGroups, Map<String, FakeResourceGroupRepository.Link> groupLinks,
            Map<String, Session> sessions, Map<String, List<StatusChange>> sessionHistory,
            Map<String, AgentCapacity> agentAllocations, Map<String, StorageVolume> volumes,
            Map<String, VFolder> folders, Map<String, FakeQuotaRepository.Row> quotas) {

        /** The keys of rows that differ from {@code other}, table by table; empty when equal. */
        public String diff(State other) {
            StringBuilder b = new StringBuilder();
            diff(b, "domains", domains, other.domains);
            diff(b, "projects", projects, other.projects);
            diff(b, "users", users, other.users);
            diff(b, "keypairs", keyPairs, other.keyPairs);
            diff(b, "keypair_policies", keyPairPolicies, other.keyPairPolicies);
            diff(b, "user_policies", userPolicies, other.userPolicies);
            diff(b, "project_policies", projectPolicies, other.projectPolicies);
            diff(b, "presets", presets, other.presets);
            diff(b, "settings", settings, other.settings);
            diff(b, "setting_changes", settingChanges, other.settingChanges);
            diff(b, "agents", agents, other.agents);
            diff(b, "resource_groups", resourceGroups, other.resourceGroups);
            diff(b, "resource_group_associations", groupLinks, other.groupLinks);
            diff(b, "sessions", sessions, other.sessions);
            diff(b, "session_history", sessionHistory, other.sessionHistory);
            diff(b, "agent_allocations", agentAllocations, other.agentAllocations);
            diff(b, "storage_volumes", volumes, other.volumes);
            diff(b, "vfolders", folders, other.folders);
            diff(b, "quota_limits", quotas, other.quotas);
            return b.toString();
        }

        private static void diff(StringBuilder b, String table, Map<String, ?> a, Map<String, ?> c) {
            java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
            keys.addAll(c.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), c.get(k))) {
                    b.append(table).append('/').append(k).append(": ").append(a.get(k)).append(" -> ")
                            .append(c.get(k)).append('\n');
                }
            }
        }
    }

    public final FakeUnitOfWork tx = new FakeUnitOfWork();
    public final FakeDomainRepository domains = new FakeDomainRepository(tx);
    public final FakeProjectRepository projects = new FakeProjectRepository(tx);
    public final FakeUserRepository users = new FakeUserRepository(tx);
    public final FakeKeyPairRepository keyPairs = new FakeKeyPairRepository(tx, users);
    public final FakeKeyPairPolicyRepository keyPairPolicies = new FakeKeyPairPolicyRepository(tx, keyPairs, users);
    public final FakeUserPolicyRepository userPolicies = new FakeUserPolicyRepository(tx, users);
    public final FakeProjectPolicyRepository projectPolicies = new FakeProjectPolicyRepository(tx, projects);
    public final FakeResourcePresetRepository presets = new FakeResourcePresetRepository(tx);
    public final FakeSettingsRepository settings = new FakeSettingsRepository(tx);
    public final FakePluginDataRepository pluginData = new FakePluginDataRepository(tx);
    public final FakeAgentRepository agents = new FakeAgentRepository(tx);
    public final FakeResourceGroupRepository resourceGroups = new FakeResourceGroupRepository(tx);
    public final FakeSessionRepository sessions = new FakeSessionRepository(tx);
    public final FakeImageRepository images = new FakeImageRepository(tx);
    public final FakeRegistryRepository registries = new FakeRegistryRepository(tx, images);
    public final FakeVolumeRepository volumes = new FakeVolumeRepository(tx);
    public final FakeFolderRepository folders = new FakeFolderRepository(tx);
    public final FakeQuotaRepository quotas = new FakeQuotaRepository(tx);

    public State state() {
        return new State(domains.rows(), projects.rows(), users.rows(), keyPairs.rows(), keyPairPolicies.rows(),
                userPolicies.rows(), projectPolicies.rows(), presets.rows(), settings.values.rows(),
                settings.changes.rows(), agents.rows(), resourceGroups.rows(), resourceGroups.links.rows(),
                sessions.rows(), sessions.history.rows(), agents.allocations.rows(), volumes.rows(), folders.rows(),
                quotas.rows());
    }

    /** What a repository reports for these referrers: the first {@link Referrers#SAMPLE} and the count. */
    static Referrers referrers(List<String> all) {
        return new Referrers(all.subList(0, Math.min(all.size(), Referrers.SAMPLE)), all.size());
    }
}

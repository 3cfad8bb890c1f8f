package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.SessionLoad;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Minimal in-memory repositories for the dispatcher: plain maps, no copying beyond what the interfaces
 * promise, so that a benchmark measures the dispatcher and not its store. Only what a dispatch pass calls
 * is implemented; everything else throws.
 */
final class MemoryStore {
    final Tx tx = new Tx();
    final Sessions sessions;
    final Agents agents;
    final Groups groups;
    final KeyPairs keyPairs;
    final Policies policies;
    final Projects projects;
    final Domains domains;
    final Settings settings = new Settings();

    MemoryStore(Workload w, String scheduler) {
        sessions = new Sessions(w.sessions);
        agents = new Agents(w.agents);
        groups = new Groups(Workload.group(scheduler));
        KeyPairResourcePolicy policy = Workload.policy();
        policies = new Policies(policy);
        keyPairs = new KeyPairs(policy.name());
        Map<String, Project> p = new HashMap<>();
        for (int i = 0; i < Workload.PROJECTS; i++) {
            Project pr = Workload.project(i);
            p.put(pr.id(), pr);
        }
        projects = new Projects(p);
        domains = new Domains(Workload.domain());
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by the dispatcher benchmark");
    }

    /** Runs the work; there is nothing to roll back that the dispatcher relies on. */
    static final class Tx implements UnitOfWork {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    }

    static final class Sessions implements SessionRepository {
        /** Creation order (the workload is generated oldest first). */
        private final List<String> order = new ArrayList<>();
        private final Map<String, Session> byId = new HashMap<>();
        int updates;

        Sessions(List<Session> initial) {
            for (Session s : initial) {
                order.add(s.id());
                byId.put(s.id(), s);
            }
        }

        Session get(String id) {
            return byId.get(id);
        }

        @Override
        public List<Session> pending(String resourceGroup, int limit) {
            List<Session> out = new ArrayList<>();
            for (String id : order) {
                Session s = byId.get(id);
                if (s.status() == SessionStatus.PENDING && s.resourceGroup().equals(resourceGroup)) {
                    out.add(s);
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
            return out;
        }

        @Override
        public List<SessionLoad> live() {
            List<SessionLoad> out = new ArrayList<>(order.size());
            for (String id : order) {
                Session s = byId.get(id);
                if (!s.status().isFinal()) {
                    out.add(new SessionLoad(s.id(), s.accessKey(), s.userId(), s.projectId(), s.domain(),
                            s.resourceGroup(), s.status(), s.requested(), s.createdAt()));
                }
            }
            return out;
        }

        @Override
        public boolean update(Session session, StatusChange change) {
            Session old = byId.get(session.id());
            if (old == null || old.version() != session.version() - 1) {
                return false;
            }
            byId.put(session.id(), session);
            updates++;
            return true;
        }

        @Override
        public Map<String, SessionStatus> statuses(Collection<String> ids) {
            Map<String, SessionStatus> out = new HashMap<>();
            for (String id : ids) {
                Session s = byId.get(id);
                if (s != null) {
                    out.put(id, s.status());
                }
            }
            return out;
        }

        @Override
        public Optional<Session> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public void insert(Session session, StatusChange first) {
            throw unused();
        }

        @Override
        public Optional<Session> findByKernel(String kernelId) {
            throw unused();
        }

        @Override
        public List<StatusChange> history(String sessionId) {
            throw unused();
        }

        @Override
        public Page<Session> list(SessionQuery query, PageRequest page) {
            throw unused();
        }

        @Override
        public void forEach(SessionQuery query, Consumer<Session> each) {
            throw unused();
        }

        @Override
        public List<String> groupsWithPending() {
            throw unused();
        }

        @Override
        public List<Session> notFinal(int limit) {
            throw unused();
        }

        @Override
        public List<Session> withKernelsOn(String agentId) {
            throw unused();
        }

        @Override
        public long countByAccessKey(String accessKey) {
            throw unused();
        }
    }

    static final class Agents implements AgentRepository {
        /** Sorted by id, as {@link #capacities} promises. */
        private final List<String> order = new ArrayList<>();
        private final Map<String, AgentCapacity> byId = new HashMap<>();

        Agents(List<AgentCapacity> initial) {
            initial.stream().map(AgentCapacity::id).sorted().forEach(order::add);
            initial.forEach(c -> byId.put(c.id(), c));
        }

        AgentCapacity get(String id) {
            return byId.get(id);
        }

        @Override
        public List<AgentCapacity> capacities(String resourceGroup) {
            List<AgentCapacity> out = new ArrayList<>(order.size());
            for (String id : order) {
                AgentCapacity c = byId.get(id);
                if (resourceGroup == null || resourceGroup.equals(c.resourceGroup())) {
                    out.add(c);
                }
            }
            return out;
        }

        @Override
        public boolean allocate(String agentId, long expectedVersion, ResourceSlots allocated) {
            AgentCapacity c = byId.get(agentId);
            if (c == null || c.version() != expectedVersion) {
                return false;
            }
            byId.put(agentId, new AgentCapacity(c.id(), c.resourceGroup(), c.architecture(), c.status(),
                    c.schedulable(), c.available(), allocated, c.version() + 1));
            return true;
        }

        @Override
        public Optional<AgentCapacity> capacity(String agentId) {
            return Optional.ofNullable(byId.get(agentId));
        }

        @Override
        public List<AgentCapacity> allCapacities() {
            return capacities(null);
        }

        @Override
        public Optional<io.berth.core.agent.Agent> find(String id) {
            throw unused();
        }

        @Override
        public void insert(io.berth.core.agent.Agent agent) {
            throw unused();
        }

        @Override
        public void update(io.berth.core.agent.Agent agent) {
            throw unused();
        }

        @Override
        public Page<io.berth.core.agent.Agent> list(io.berth.core.agent.AgentQuery query, PageRequest page) {
            throw unused();
        }

        @Override
        public List<String> aliveSince(Instant cutoff) {
            throw unused();
        }

        @Override
        public Referrers inGroup(String resourceGroup) {
            throw unused();
        }
    }

    static final class Groups implements ResourceGroupRepository {
        private final ResourceGroup group;

        Groups(ResourceGroup group) {
            this.group = group;
        }

        @Override
        public Optional<ResourceGroup> find(String name) {
            return group.name().equals(name) ? Optional.of(group) : Optional.empty();
        }

        @Override
        public List<ResourceGroup> list() {
            return List.of(group);
        }

        @Override
        public void insert(ResourceGroup row) {
            throw unused();
        }

        @Override
        public void update(ResourceGroup row) {
            throw unused();
        }

        @Override
        public void delete(String name) {
            throw unused();
        }

        @Override
        public Associations associations(String g) {
            throw unused();
        }

        @Override
        public void associate(String g, String kind, String target, boolean allow) {
            throw unused();
        }

        @Override
        public void clearAssociations(String g) {
            throw unused();
        }

        @Override
        public List<String> availableTo(String domain, Collection<String> projectIds, String accessKey) {
            throw unused();
        }
    }

    /** Every access key exists, is active and uses the one policy. */
    static final class KeyPairs implements KeyPairRepository {
        private final String policy;

        KeyPairs(String policy) {
            this.policy = policy;
        }

        @Override
        public Optional<KeyPair> find(String accessKey) {
            return Optional.of(new KeyPair(accessKey, null, "user-" + accessKey, true, false, policy,
                    KeyPair.DEFAULT_RATE_LIMIT, Workload.T0, null, 0));
        }

        @Override
        public List<KeyPair> findByUser(String userId) {
            throw unused();
        }

        @Override
        public void insert(KeyPair keyPair) {
            throw unused();
        }

        @Override
        public void update(KeyPair keyPair) {
            throw unused();
        }

        @Override
        public void delete(String accessKey) {
            throw unused();
        }

        @Override
        public Page<KeyPair> list(KeyPairQuery query, PageRequest page) {
            throw unused();
        }

        @Override
        public void recordUsage(String accessKey, long queries, Instant lastUsed) {
            throw unused();
        }
    }

    static final class Policies implements KeyPairPolicyRepository {
        private final KeyPairResourcePolicy policy;

        Policies(KeyPairResourcePolicy policy) {
            this.policy = policy;
        }

        @Override
        public Optional<KeyPairResourcePolicy> find(String name) {
            return policy.name().equals(name) ? Optional.of(policy) : Optional.empty();
        }

        @Override
        public List<KeyPairResourcePolicy> list() {
            return List.of(policy);
        }

        @Override
        public void insert(KeyPairResourcePolicy row) {
            throw unused();
        }

        @Override
        public void update(KeyPairResourcePolicy row) {
            throw unused();
        }

        @Override
        public void delete(String name) {
            throw unused();
        }

        @Override
        public Referrers referrers(String name) {
            throw unused();
        }
    }

    static final class Projects implements ProjectRepository {
        private final Map<String, Project> byId;

        Projects(Map<String, Project> byId) {
            this.byId = byId;
        }

        @Override
        public Optional<Project> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Project> findByName(String domainName, String name) {
            throw unused();
        }

        @Override
        public List<Project> findAll(Collection<String> ids) {
            throw unused();
        }

        @Override
        public void insert(Project project) {
            throw unused();
        }

        @Override
        public void update(Project project) {
            throw unused();
        }

        @Override
        public Page<Project> list(String domainName, Boolean active, Collection<String> onlyIds, PageRequest page) {
            throw unused();
        }
    }

    static final class Domains implements DomainRepository {
        private final Domain domain;

        Domains(Domain domain) {
            this.domain = domain;
        }

        @Override
        public Optional<Domain> find(String name) {
            return domain.name().equals(name) ? Optional.of(domain) : Optional.empty();
        }

        @Override
        public void insert(Domain d) {
            throw unused();
        }

        @Override
        public void update(Domain d) {
            throw unused();
        }

        @Override
        public Page<Domain> list(Boolean active, String onlyName, PageRequest page) {
            throw unused();
        }
    }

    /** The defaults: retries-to-skip 3 for every scheduler. */
    static final class Settings implements SettingsService {
        @Override
        public SystemSettings current() {
            return SystemSettings.DEFAULTS;
        }

        @Override
        public SystemSettings get(Caller caller) {
            throw unused();
        }

        @Override
        public SystemSettings update(Caller caller, SettingsUpdate update) {
            throw unused();
        }

        @Override
        public Page<SettingChange> history(Caller caller, PageRequest page) {
            throw unused();
        }
    }
}

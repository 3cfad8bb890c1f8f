package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
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
    final SettingsService settings = new SettingsServiceImpl(tx, new SettingsRows(), java.time.Clock.systemUTC());

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
        private final Map<String, List<StatusChange>> histories = new HashMap<>();
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
            if (change != null) {
                histories.computeIfAbsent(session.id(), k -> new ArrayList<>()).add(change);
            }
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
            if (byId.putIfAbsent(session.id(), session) != null) {
                throw new IllegalStateException("session " + session.id() + " exists");
            }
            order.add(session.id());
            histories.computeIfAbsent(session.id(), k -> new ArrayList<>()).add(first);
        }

        @Override
        public Optional<Session> findByKernel(String kernelId) {
            for (Session s : byId.values()) {
                if (s.kernels().stream().anyMatch(k -> k.id().equals(kernelId))) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        @Override
        public List<StatusChange> history(String sessionId) {
            return List.copyOf(histories.getOrDefault(sessionId, List.of()));
        }

        @Override
        public Page<Session> list(SessionQuery query, PageRequest page) {
            List<Session> all = new ArrayList<>();
            forEach(query, all::add);
            java.util.Collections.reverse(all); // newest first
            return page(all, page);
        }

        @Override
        public void forEach(SessionQuery query, Consumer<Session> each) {
            for (String id : order) {
                Session s = byId.get(id);
                if (matches(query, s)) {
                    each.accept(s);
                }
            }
        }

        @Override
        public List<String> groupsWithPending() {
            java.util.TreeSet<String> groups = new java.util.TreeSet<>();
            byId.values().stream().filter(s -> s.status() == SessionStatus.PENDING)
                    .forEach(s -> groups.add(s.resourceGroup()));
            return List.copyOf(groups);
        }

        @Override
        public List<Session> notFinal(int limit) {
            List<Session> out = new ArrayList<>();
            for (String id : order) {
                Session s = byId.get(id);
                if (!s.status().isFinal() && out.size() < limit) {
                    out.add(s);
                }
            }
            return out;
        }

        @Override
        public List<Session> withKernelsOn(String agentId) {
            List<Session> out = new ArrayList<>();
            for (String id : order) {
                Session s = byId.get(id);
                if (s.status().holdsResources() && s.kernels().stream()
                        .anyMatch(k -> agentId.equals(k.agentId()) && k.status().holdsResources())) {
                    out.add(s);
                }
            }
            return out;
        }

        private static boolean matches(SessionQuery q, Session s) {
            return (q.statuses().isEmpty() || q.statuses().contains(s.status()))
                    && (q.accessKey() == null || q.accessKey().equals(s.accessKey()))
                    && (q.ownerEmail() == null || q.ownerEmail().equals(s.ownerEmail()))
                    && (q.projectId() == null || q.projectId().equals(s.projectId()))
                    && (q.domain() == null || q.domain().equals(s.domain()))
                    && (q.resourceGroup() == null || q.resourceGroup().equals(s.resourceGroup()))
                    && (q.agentId() == null || s.kernels().stream().anyMatch(k -> q.agentId().equals(k.agentId())))
                    && (q.type() == null || q.type() == s.type())
                    && (q.name() == null || s.name().contains(q.name()))
                    && (q.createdFrom() == null || !s.createdAt().isBefore(q.createdFrom()))
                    && (q.createdTo() == null || s.createdAt().isBefore(q.createdTo()));
        }

        @Override
        public long countByAccessKey(String accessKey) {
            return byId.values().stream().filter(s -> s.accessKey().equals(accessKey)).count();
        }
    }

    static final class Agents implements AgentRepository {
        /** Sorted by id, as {@link #capacities} promises. */
        private final List<String> order = new ArrayList<>();
        private final Map<String, AgentCapacity> byId = new HashMap<>();
        private final Map<String, io.berth.core.agent.Agent> records = new HashMap<>();

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
            return Optional.ofNullable(records.get(id));
        }

        @Override
        public void insert(io.berth.core.agent.Agent agent) {
            if (records.putIfAbsent(agent.id(), agent) != null) {
                throw new IllegalStateException("agent " + agent.id() + " exists");
            }
        }

        @Override
        public void update(io.berth.core.agent.Agent agent) {
            if (records.replace(agent.id(), agent) == null) {
                throw new IllegalStateException("no agent " + agent.id());
            }
        }

        @Override
        public Page<io.berth.core.agent.Agent> list(io.berth.core.agent.AgentQuery query, PageRequest page) {
            return page(records.values().stream()
                    .filter(a -> query.statuses() == null || query.statuses().contains(a.status()))
                    .filter(a -> query.resourceGroup() == null || query.resourceGroup().equals(a.resourceGroup()))
                    .sorted(java.util.Comparator.comparing(io.berth.core.agent.Agent::id)).toList(), page);
        }

        @Override
        public List<String> aliveSince(Instant cutoff) {
            return records.values().stream()
                    .filter(a -> a.status() == io.berth.core.agent.AgentStatus.ALIVE && a.lastHeartbeat().isBefore(cutoff))
                    .map(io.berth.core.agent.Agent::id).sorted().toList();
        }

        @Override
        public Referrers inGroup(String resourceGroup) {
            List<String> ids = byId.values().stream()
                    .filter(c -> c.status() != io.berth.core.agent.AgentStatus.TERMINATED)
                    .filter(c -> resourceGroup.equals(c.resourceGroup())).map(c -> "agent " + c.id()).sorted().toList();
            return new Referrers(ids.subList(0, Math.min(ids.size(), Referrers.SAMPLE)), ids.size());
        }
    }

    static final class Groups implements ResourceGroupRepository {
        private final Map<String, ResourceGroup> byName = new java.util.TreeMap<>();
        /** Per group: kind ("domain", "project", "keypair") to targets. */
        private final Map<String, Map<String, java.util.Set<String>>> allowed = new HashMap<>();

        Groups(ResourceGroup group) {
            byName.put(group.name(), group);
        }

        @Override
        public Optional<ResourceGroup> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public List<ResourceGroup> list() {
            return List.copyOf(byName.values());
        }

        @Override
        public void insert(ResourceGroup row) {
            if (byName.putIfAbsent(row.name(), row) != null) {
                throw new IllegalStateException("group " + row.name() + " exists");
            }
        }

        @Override
        public void update(ResourceGroup row) {
            if (byName.replace(row.name(), row) == null) {
                throw new IllegalStateException("no group " + row.name());
            }
        }

        @Override
        public void delete(String name) {
            byName.remove(name);
            allowed.remove(name);
        }

        @Override
        public Associations associations(String g) {
            Map<String, java.util.Set<String>> a = allowed.getOrDefault(g, Map.of());
            return new Associations(sorted(a.get("domain")), sorted(a.get("project")), sorted(a.get("keypair")));
        }

        @Override
        public void associate(String g, String kind, String target, boolean allow) {
            java.util.Set<String> targets = allowed.computeIfAbsent(g, k -> new HashMap<>())
                    .computeIfAbsent(kind, k -> new java.util.HashSet<>());
            if (allow) {
                targets.add(target);
            } else {
                targets.remove(target);
            }
        }

        private static List<String> sorted(java.util.Set<String> s) {
            return s == null ? List.of() : s.stream().sorted().toList();
        }

        @Override
        public void clearAssociations(String g) {
            allowed.remove(g);
        }

        @Override
        public List<String> availableTo(String domain, Collection<String> projectIds, String accessKey) {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            allowed.forEach((g, a) -> {
                if (a.getOrDefault("domain", java.util.Set.of()).contains(domain)
                        || projectIds.stream().anyMatch(a.getOrDefault("project", java.util.Set.of())::contains)
                        || a.getOrDefault("keypair", java.util.Set.of()).contains(accessKey)) {
                    out.add(g);
                }
            });
            return List.copyOf(out);
        }
    }

    /** Every access key exists, is active and uses the one policy. */
    static final class KeyPairs implements KeyPairRepository {
        private final String policy;
        /** Keypairs stored explicitly; every other access key is one of the workload's. */
        private final Map<String, KeyPair> stored = new java.util.TreeMap<>();

        KeyPairs(String policy) {
            this.policy = policy;
        }

        @Override
        public Optional<KeyPair> find(String accessKey) {
            KeyPair kp = stored.get(accessKey);
            return Optional.of(kp != null ? kp : new KeyPair(accessKey, null, "user-" + accessKey, true, false, policy,
                    KeyPair.DEFAULT_RATE_LIMIT, Workload.T0, null, 0));
        }

        @Override
        public List<KeyPair> findByUser(String userId) {
            return stored.values().stream().filter(k -> k.userId().equals(userId)).toList();
        }

        @Override
        public void insert(KeyPair keyPair) {
            if (stored.putIfAbsent(keyPair.accessKey(), keyPair) != null) {
                throw new IllegalStateException("keypair " + keyPair.accessKey() + " exists");
            }
        }

        @Override
        public void update(KeyPair keyPair) {
            stored.put(keyPair.accessKey(), keyPair);
        }

        @Override
        public void delete(String accessKey) {
            stored.remove(accessKey);
        }

        @Override
        public Page<KeyPair> list(KeyPairQuery query, PageRequest page) {
            return page(stored.values().stream()
                    .filter(k -> query.active() == null || query.active() == k.active())
                    .filter(k -> query.userId() == null || query.userId().equals(k.userId()))
                    .filter(k -> query.accessKey() == null || k.accessKey().contains(query.accessKey())).toList(), page);
        }

        @Override
        public void recordUsage(String accessKey, long queries, Instant lastUsed) {
            KeyPair k = find(accessKey).orElseThrow();
            stored.put(accessKey, new KeyPair(k.accessKey(), k.secretKey(), k.userId(), k.active(), k.admin(),
                    k.resourcePolicy(), k.rateLimit(), k.createdAt(), lastUsed, k.numQueries() + queries));
        }
    }

    static final class Policies implements KeyPairPolicyRepository {
        private final Map<String, KeyPairResourcePolicy> byName = new java.util.TreeMap<>();

        Policies(KeyPairResourcePolicy policy) {
            byName.put(policy.name(), policy);
        }

        @Override
        public Optional<KeyPairResourcePolicy> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public List<KeyPairResourcePolicy> list() {
            return List.copyOf(byName.values());
        }

        @Override
        public void insert(KeyPairResourcePolicy row) {
            if (byName.putIfAbsent(row.name(), row) != null) {
                throw new IllegalStateException("policy " + row.name() + " exists");
            }
        }

        @Override
        public void update(KeyPairResourcePolicy row) {
            if (byName.replace(row.name(), row) == null) {
                throw new IllegalStateException("no policy " + row.name());
            }
        }

        @Override
        public void delete(String name) {
            byName.remove(name);
        }

        @Override
        public Referrers referrers(String name) {
            // every workload keypair uses the one policy: they are not enumerable, so only the count is known
            return byName.containsKey(name) && byName.size() == 1 ? new Referrers(List.of("every workload keypair"), 1)
                    : new Referrers(List.of(), 0);
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
            return byId.values().stream().filter(p -> p.domainName().equals(domainName) && p.name().equals(name))
                    .findFirst();
        }

        @Override
        public List<Project> findAll(Collection<String> ids) {
            return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        }

        @Override
        public void insert(Project project) {
            if (byId.putIfAbsent(project.id(), project) != null) {
                throw new IllegalStateException("project " + project.id() + " exists");
            }
        }

        @Override
        public void update(Project project) {
            if (byId.replace(project.id(), project) == null) {
                throw new IllegalStateException("no project " + project.id());
            }
        }

        @Override
        public Page<Project> list(String domainName, Boolean active, Collection<String> onlyIds, PageRequest page) {
            return page(byId.values().stream()
                    .filter(p -> domainName == null || p.domainName().equals(domainName))
                    .filter(p -> active == null || p.active() == active)
                    .filter(p -> onlyIds == null || onlyIds.contains(p.id()))
                    .sorted(java.util.Comparator.comparing(Project::id)).toList(), page);
        }
    }

    static final class Domains implements DomainRepository {
        private final Map<String, Domain> byName = new java.util.TreeMap<>();

        Domains(Domain domain) {
            byName.put(domain.name(), domain);
        }

        @Override
        public Optional<Domain> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public void insert(Domain d) {
            if (byName.putIfAbsent(d.name(), d) != null) {
                throw new IllegalStateException("domain " + d.name() + " exists");
            }
        }

        @Override
        public void update(Domain d) {
            if (byName.replace(d.name(), d) == null) {
                throw new IllegalStateException("no domain " + d.name());
            }
        }

        @Override
        public Page<Domain> list(Boolean active, String onlyName, PageRequest page) {
            return page(byName.values().stream().filter(d -> active == null || d.active() == active)
                    .filter(d -> onlyName == null || d.name().equals(onlyName)).toList(), page);
        }
    }

    /** System settings in memory, for the real settings service (defaults: retries-to-skip 3). */
    static final class SettingsRows implements io.berth.core.repo.SettingsRepository {
        private final Map<String, String> values = new java.util.TreeMap<>();
        private final List<SettingChange> changes = new ArrayList<>();

        @Override
        public Map<String, String> all() {
            return Map.copyOf(values);
        }

        @Override
        public void put(String name, String value) {
            values.put(name, value);
        }

        @Override
        public void remove(String name) {
            values.remove(name);
        }

        @Override
        public void record(SettingChange change) {
            changes.add(new SettingChange(changes.size() + 1, change.setting(), change.oldValue(), change.newValue(),
                    change.changedBy(), change.changedAt()));
        }

        @Override
        public Page<SettingChange> changes(PageRequest page) {
            List<SettingChange> newestFirst = new ArrayList<>(changes);
            java.util.Collections.reverse(newestFirst);
            return page(newestFirst, page);
        }
    }

    /** One page of an already ordered list. */
    static <T> Page<T> page(List<T> all, PageRequest p) {
        int from = Math.min(p.offset(), all.size());
        int to = Math.min(p.offset() + p.limit(), all.size());
        return new Page<>(all.subList(from, to), all.size(), p.offset(), p.limit());
    }
}

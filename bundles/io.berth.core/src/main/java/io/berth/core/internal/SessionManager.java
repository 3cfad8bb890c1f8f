package io.berth.core.internal;

import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelReport;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.RegistryRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserRepository;
import io.berth.core.resource.SlotRegistry;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.Session;
import io.berth.core.session.SessionDetail;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionService;
import io.berth.core.session.UsageRecalculation;
import io.berth.core.storage.FolderMounts;
import io.berth.core.settings.SettingsService;
import io.berth.spi.scheduler.SchedulingPolicy;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and the agent command channel as one component: it owns the dispatcher thread, which passes
 * a resource group when something happened to it (a session was created or ended, a policy arrived) and
 * every group with pending sessions on a timer, and checks session lifetimes. Scheduling policies are
 * tracked dynamically by their {@code berth.scheduler} name.
 */
@Component(service = {SessionService.class, AgentChannel.class}, configurationPid = AgentServiceImpl.PID)
public final class SessionManager implements SessionService, AgentChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    private final PolicyRegistry registry = new PolicyRegistry();
    private final AgentSignals signals = new AgentSignals();
    private final SessionRepository sessions;
    private final Dispatcher dispatcher;
    private final Lifetimes lifetimes;
    private final SessionServiceImpl service;
    private final AgentChannelImpl channel;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    @Activate
    public SessionManager(@Reference UnitOfWork tx, @Reference SessionRepository sessions,
            @Reference AgentRepository agents, @Reference ResourceGroupRepository groups,
            @Reference KeyPairRepository keyPairs, @Reference UserRepository users,
            @Reference ProjectRepository projects, @Reference DomainRepository domains,
            @Reference KeyPairPolicyRepository policies, @Reference ResourcePresetRepository presets,
            @Reference SlotRegistry slots, @Reference SettingsService settings,
            @Reference AgentService agentService, @Reference ImageRepository images,
            @Reference RegistryRepository registries, AgentServiceImpl.Config config) {
        this(tx, sessions, agents, groups, keyPairs, users, projects, domains, policies, presets, slots, images,
                registries, settings, new RegistryKey(dataDir()),
                new AgentToken(AgentToken.resolve(config._agent_token(), dataDir())), Clock.systemUTC());
        start(Duration.ofMillis(Math.max(50, config.dispatch_interval_millis())),
                Duration.ofSeconds(Math.max(1, config.session_check_seconds())));
    }

    /** For tests: nothing runs until {@link #start} (or call {@link #dispatchNow}). */
    SessionManager(UnitOfWork tx, SessionRepository sessions, AgentRepository agents, ResourceGroupRepository groups,
            KeyPairRepository keyPairs, UserRepository users, ProjectRepository projects, DomainRepository domains,
            KeyPairPolicyRepository policies, ResourcePresetRepository presets, SlotRegistry slots,
            ImageRepository images, RegistryRepository registries, SettingsService settings, RegistryKey key,
            AgentToken token, Clock clock) {
        this.sessions = sessions;
        this.dispatcher = new Dispatcher(tx, sessions, agents, groups, keyPairs, policies, projects, domains, settings,
                registry, clock);
        this.lifetimes = new Lifetimes(tx, sessions, agents, groups, keyPairs, policies, clock);
        this.service = new SessionServiceImpl(tx, sessions, agents, groups, keyPairs, users, projects, domains,
                policies, presets, slots, images, signals, this::wake, clock);
        this.channel = new AgentChannelImpl(tx, sessions, agents, images, registries, settings, key, token, signals,
                this::wake, clock);
    }

    private static Path dataDir() {
        String data = System.getProperty("karaf.data");
        return Path.of(data != null ? data : "data");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPolicy(SchedulingPolicy policy, Map<String, Object> props) {
        String name = String.valueOf(props.get(SchedulingPolicy.PROPERTY));
        registry.add(name, policy);
        LOG.info("scheduling policy {} available", name);
        wakeAllPending();
    }

    void removePolicy(SchedulingPolicy policy, Map<String, Object> props) {
        registry.remove(String.valueOf(props.get(SchedulingPolicy.PROPERTY)), policy);
        wakeAllPending();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setFolderMounts(FolderMounts mounts) {
        service.setFolderMounts(mounts);
    }

    void unsetFolderMounts(FolderMounts mounts) {
        service.setFolderMounts(null);
    }

    /** Registers a policy directly (tests and the benchmark). */
    void policy(String name, SchedulingPolicy policy) {
        registry.add(name, policy);
    }

    synchronized void start(Duration dispatchInterval, Duration lifetimeInterval) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-dispatcher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::wakeAllPending, dispatchInterval.toMillis(),
                dispatchInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::sweep, lifetimeInterval.toMillis(), lifetimeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Asks for a pass over the group on the dispatcher thread (coalesced with other requests). */
    void wake(String group) {
        if (group == null) {
            return;
        }
        dirty.add(group);
        ScheduledExecutorService ex = executor;
        if (ex != null && draining.compareAndSet(false, true)) {
            try {
                ex.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    private void wakeAllPending() {
        try {
            sessions.groupsWithPending().forEach(this::wake);
        } catch (RuntimeException e) {
            LOG.warn("could not look for pending sessions: {}", e.toString());
        }
    }

    private void drain() {
        draining.set(false);
        List<String> groups = new ArrayList<>(dirty);
        for (String g : groups) {
            dirty.remove(g);
            try {
                Dispatcher.PassResult r = dispatcher.pass(g);
                r.agents().forEach(signals::bump);
                if (r.conflict() || r.placed() >= Dispatcher.BATCH) {
                    wake(g); // lost a race or more may fit: pass again on fresh state
                }
            } catch (RuntimeException e) {
                LOG.warn("dispatching resource group {} failed: {}", g, e.toString());
            }
        }
    }

    private void sweep() {
        try {
            List<String> touched = new ArrayList<>();
            for (Session s : lifetimes.sweep(touched)) {
                LOG.info("session {} ended: {}", s.id(), s.statusReason());
                wake(s.resourceGroup());
            }
            touched.forEach(signals::bump);
            lifetimes.noteLostAgents();
        } catch (RuntimeException e) {
            LOG.warn("could not check session lifetimes: {}", e.toString());
        }
    }

    /** Passes the group now on the calling thread; for tests. */
    Dispatcher.PassResult dispatchNow(String group) {
        Dispatcher.PassResult r = dispatcher.pass(group);
        r.agents().forEach(signals::bump);
        return r;
    }

    /** Checks lifetimes now on the calling thread; for tests. */
    List<Session> sweepNow() {
        List<String> touched = new ArrayList<>();
        List<Session> ended = lifetimes.sweep(touched);
        touched.forEach(signals::bump);
        lifetimes.noteLostAgents();
        return ended;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    AgentChannelImpl channel() {
        return channel;
    }

    // ---------------------------------------------------------------- SessionService

    @Override
    public Session create(Caller caller, SessionInput input) {
        return service.create(caller, input);
    }

    @Override
    public Page<Session> list(Caller caller, SessionQuery query, PageRequest page) {
        return service.list(caller, query, page);
    }

    @Override
    public SessionDetail get(Caller caller, String id) {
        return service.get(caller, id);
    }

    @Override
    public String logs(Caller caller, String id, int tailLines) {
        return service.logs(caller, id, tailLines);
    }

    @Override
    public Session terminate(Caller caller, String id, boolean forced) {
        return service.terminate(caller, id, forced);
    }

    @Override
    public List<PresetCheck> checkPresets(Caller caller, String resourceGroup) {
        return service.checkPresets(caller, resourceGroup);
    }

    @Override
    public void exportCsv(Caller caller, SessionQuery query, Writer out) throws IOException {
        service.exportCsv(caller, query, out);
    }

    @Override
    public UsageRecalculation recalculateUsage(Caller caller, Consumer<String> progress) {
        return service.recalculateUsage(caller, progress);
    }

    // ---------------------------------------------------------------- AgentChannel

    @Override
    public AgentWork poll(String token, String agentId, long since, Duration wait) throws InterruptedException {
        return channel.poll(token, agentId, since, wait);
    }

    @Override
    public void report(String token, String agentId, List<KernelReport> reports) {
        channel.report(token, agentId, reports);
    }

    @Override
    public void reply(String token, String agentId, String requestId, String body) {
        channel.reply(token, agentId, requestId, body);
    }
}

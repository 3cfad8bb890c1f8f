package io.berth.core.internal;

import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelOrder;
import io.berth.core.agent.KernelReport;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.RegistryRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.group.SessionType;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's side of the agent command channel: orders are computed from the sessions' kernels on
 * each poll (the full desired state, so a lost answer does no harm), and reports move kernels and
 * sessions through {@link SessionLifecycle}.
 */
final class AgentChannelImpl implements AgentChannel {
    static final int MAX_REPORTS = 1000;
    static final int MAX_LOG_TAIL = 64 * 1024;
    /** How many polls may wait for news at once. */
    static final int MAX_HELD_POLLS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannelImpl.class);

    private final UnitOfWork tx;
    private final SessionRepository sessions;
    private final AgentRepository agents;
    private final AgentToken token;
    private final AgentSignals signals;
    private final Consumer<String> wakeGroup;
    private final ImageRepository images;
    private final RegistryRepository registries;
    private final SettingsService settings;
    private final RegistryKey key;
    private final Clock clock;
    private final java.util.concurrent.Semaphore held = new java.util.concurrent.Semaphore(MAX_HELD_POLLS);

    AgentChannelImpl(UnitOfWork tx, SessionRepository sessions, AgentRepository agents, ImageRepository images,
            RegistryRepository registries, SettingsService settings, RegistryKey key, AgentToken token,
            AgentSignals signals, Consumer<String> wakeGroup, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.agents = agents;
        this.images = images;
        this.registries = registries;
        this.settings = settings;
        this.key = key;
        this.token = token;
        this.signals = signals;
        this.wakeGroup = wakeGroup;
        this.clock = clock;
    }

    @Override
    public AgentWork poll(String presented, String agentId, long since, Duration wait) throws InterruptedException {
        token.check(presented);
        String id = Rules.required(agentId, "agent_id");
        if (tx.inTransaction(() -> agents.find(id)).isEmpty()) {
            throw new NotFoundException("agent " + Rules.printable(id) + " is not registered", "agent_id");
        }
        Duration w = wait == null || wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        long generation = signals.generation(id);
        // a held poll holds a server thread: beyond MAX_HELD_POLLS the agent is answered at once and polls
        // again after its own minimum cycle, so heartbeats and users never wait for a thread
        if (generation == since && !w.isZero() && held.tryAcquire()) {
            try {
                generation = signals.await(id, since, w);
            } finally {
                held.release();
            }
        }
        List<KernelOrder> orders = tx.inTransaction(() -> orders(id));
        return new AgentWork(generation, orders, signals.openRequests(id));
    }

    /** The permits of held polls (for tests). */
    java.util.concurrent.Semaphore heldPolls() {
        return held;
    }

    /**
     * Every kernel the agent must run or destroy. RUN orders carry the image auto-install rule in force and,
     * for catalogue images, the image's digest and its registry's credentials (when the registry has a
     * username).
     */
    List<KernelOrder> orders(String agentId) {
        List<KernelOrder> out = new ArrayList<>();
        String pull = null;
        Map<String, Pull> pulls = new LinkedHashMap<>();
        for (Session s : sessions.withKernelsOn(agentId)) {
            for (Kernel k : s.kernels()) {
                if (!agentId.equals(k.agentId()) || !k.status().holdsResources()) {
                    continue;
                }
                boolean destroy = k.status() == SessionStatus.TERMINATING || s.status() == SessionStatus.TERMINATING;
                Map<String, String> env = new LinkedHashMap<>(s.environment());
                env.put("BERTH_SESSION_ID", s.id());
                env.put("BERTH_SESSION_NAME", s.name());
                env.put("BERTH_KERNEL_ID", k.id());
                env.put("BERTH_CLUSTER_SIZE", Integer.toString(s.clusterSize()));
                env.put("BERTH_CLUSTER_INDEX", Integer.toString(k.index()));
                if (destroy) {
                    out.add(new KernelOrder(KernelOrder.Action.DESTROY, k.id(), s.id(), k.index(), s.image(),
                            k.slots(), env, s.startupCommand(), s.sudo(), s.type() == SessionType.BATCH, s.mounts()));
                    continue;
                }
                if (pull == null) {
                    pull = pullRule();
                }
                Pull p = pulls.computeIfAbsent(s.image(), this::pull);
                out.add(new KernelOrder(KernelOrder.Action.RUN, k.id(), s.id(), k.index(), s.image(), k.slots(), env,
                        s.startupCommand(), s.sudo(), s.type() == SessionType.BATCH, s.mounts(), pull, p.digest(),
                        p.username(), p.password()));
            }
        }
        return out;
    }

    private String pullRule() {
        ImageInstallRule rule = settings == null ? null : settings.current().imageAutoInstall();
        return (rule == null ? ImageInstallRule.DIGEST : rule).wire();
    }

    /** The digest and registry credentials of a catalogue image; nothing for an image outside the catalogue. */
    private Pull pull(String reference) {
        Optional<Image> image = reference == null ? Optional.empty() : images.find(reference);
        if (image.isEmpty()) {
            return Pull.NONE;
        }
        Image i = image.get();
        ContainerRegistry reg = registries.find(i.registry()).orElse(null);
        if (reg == null || reg.username() == null || reg.username().isEmpty()) {
            return new Pull(i.digest(), null, null);
        }
        String password = null;
        if (reg.hasPassword()) {
            try {
                password = key.open(reg.hostname(), reg.encryptedPassword());
            } catch (RuntimeException e) {
                LOG.warn("the password of registry {} cannot be opened; ordering the pull of {} without it: {}",
                        reg.hostname(), reference, e.getMessage());
            }
        }
        return new Pull(i.digest(), reg.username(), password);
    }

    /** What a RUN order says about pulling its image. */
    private record Pull(String digest, String username, String password) {
        static final Pull NONE = new Pull(null, null, null);

        @Override
        public String toString() {
            return "Pull[" + digest + ", " + username + "]";
        }
    }

    @Override
    public void report(String presented, String agentId, List<KernelReport> reports) {
        token.check(presented);
        String id = Rules.required(agentId, "agent_id");
        if (reports == null) {
            throw new ValidationException("reports are required", "reports");
        }
        if (reports.size() > MAX_REPORTS) {
            throw new ValidationException("at most " + MAX_REPORTS + " reports at once", "reports");
        }
        for (KernelReport r : reports) {
            if (r == null || r.kernelId() == null || r.kernelId().isBlank() || r.state() == null) {
                throw new ValidationException("every report needs a kernel_id and a state", "reports");
            }
        }
        SessionLifecycle life = new SessionLifecycle(sessions, agents, clock);
        for (KernelReport r : reports) {
            KernelReport clipped = r.logTail() != null && r.logTail().length() > MAX_LOG_TAIL
                    ? new KernelReport(r.kernelId(), r.state(), r.containerId(), r.exitCode(), r.reason(),
                            r.logTail().substring(r.logTail().length() - MAX_LOG_TAIL), r.active())
                    : r;
            apply(life, id, clipped);
        }
        life.touchedAgents().forEach(signals::bump);
    }

    private void apply(SessionLifecycle life, String agentId, KernelReport r) {
        for (int attempt = 0; attempt < SessionLifecycle.CAS_RETRIES; attempt++) {
            try {
                Session after = tx.inTransaction(() -> {
                    Session s = sessions.findByKernel(r.kernelId()).orElse(null);
                    if (s == null) {
                        return null;
                    }
                    Session next = life.report(s, agentId, r);
                    return next == s ? null : next;
                });
                if (after != null && (after.status().isFinal() || after.kernels().stream()
                        .anyMatch(k -> k.id().equals(r.kernelId()) && k.status().isFinal()))) {
                    wakeGroup.accept(after.resourceGroup());
                }
                return;
            } catch (ConcurrentChange e) {
                LOG.debug("kernel {} report raced; retrying", r.kernelId());
            }
        }
        LOG.warn("could not apply the report of kernel {} after {} attempts", r.kernelId(), SessionLifecycle.CAS_RETRIES);
    }

    @Override
    public void reply(String presented, String agentId, String requestId, String body) {
        token.check(presented);
        signals.answer(Rules.required(agentId, "agent_id"), Rules.required(requestId, "id"), body);
    }
}

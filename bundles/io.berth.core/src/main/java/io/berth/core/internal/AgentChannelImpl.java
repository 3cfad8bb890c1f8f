package io.berth.core.internal;

import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelOrder;
import io.berth.core.agent.KernelReport;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.group.SessionType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannelImpl.class);

    private final UnitOfWork tx;
    private final SessionRepository sessions;
    private final AgentRepository agents;
    private final AgentToken token;
    private final AgentSignals signals;
    private final Consumer<String> wakeGroup;
    private final Clock clock;

    AgentChannelImpl(UnitOfWork tx, SessionRepository sessions, AgentRepository agents, AgentToken token,
            AgentSignals signals, Consumer<String> wakeGroup, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.agents = agents;
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
        if (generation == since && !w.isZero()) {
            generation = signals.await(id, since, w);
        }
        List<KernelOrder> orders = tx.inTransaction(() -> orders(id));
        return new AgentWork(generation, orders, signals.openRequests(id));
    }

    /** Every kernel the agent must run or destroy. */
    List<KernelOrder> orders(String agentId) {
        List<KernelOrder> out = new ArrayList<>();
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
                out.add(new KernelOrder(destroy ? KernelOrder.Action.DESTROY : KernelOrder.Action.RUN, k.id(), s.id(),
                        k.index(), s.image(), k.slots(), env, s.startupCommand(), s.sudo(),
                        s.type() == SessionType.BATCH, s.mounts()));
            }
        }
        return out;
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

package io.berth.shell.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.Session;
import io.berth.core.session.SessionDetail;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionService;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.core.session.UsageRecalculation;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotKind;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory session service holding {@code s-run} (running, two containers on {@code i-gpu1}),
 * {@code s-wait} (pending, with reasons) and {@code s-done} (terminated). It records the callers and the
 * last input, query and page; unknown ids are 404.
 */
class FakeSessionService implements SessionService {
    static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2025-05-01T10:00:05Z");
    static final ResourceSlots PER_CONTAINER = ResourceSlots.of(Map.of("cpu", Amount.of(2), "mem",
            Amount.of(4L << 30)));

    final Map<String, Session> sessions = new TreeMap<>();
    final List<Caller> callers = new ArrayList<>();
    SessionInput lastInput;
    SessionQuery lastQuery;
    PageRequest lastPage;
    Integer lastTail;
    String lastGroup;
    String logs = "epoch 1\nepoch 2\n";
    UsageRecalculation recalculation = new UsageRecalculation(2, 3, List.of(new UsageRecalculation.AgentChange(
            "i-gpu1", ResourceSlots.of(Map.of("cpu", Amount.of(7), "mem", Amount.of(1L << 30))),
            ResourceSlots.of(Map.of("cpu", Amount.of(4), "mem", Amount.of(8L << 30))))));

    FakeSessionService() {
        Session run = session("s-run", "train", SessionStatus.RUNNING, List.of(), 0, 2);
        sessions.put(run.id(), run.withKernels(List.of(
                new Kernel("k-0", "s-run", 0, "i-gpu1", "c0ffee", SessionStatus.RUNNING, "started", PER_CONTAINER,
                        null, null, T0, null),
                new Kernel("k-1", "s-run", 1, "i-gpu1", null, SessionStatus.PREPARING, null, PER_CONTAINER, null,
                        null, T0, null))));
        sessions.put("s-wait", session("s-wait", "later", SessionStatus.PENDING,
                List.of("keypair limit: cpu", "reserved start time not reached"), 3, 1));
        sessions.put("s-done", session("s-done", null, SessionStatus.TERMINATED, List.of(), 0, 1));
    }

    static Session session(String id, String name, SessionStatus status, List<String> reasons, int retries,
            int size) {
        return new Session(id, name, "AKALICE", "u-alice", "alice@example.com", "p-1", "default", "gpu",
                SessionType.BATCH, "python:3.12", "x86_64", size, ClusterMode.SINGLE_NODE, PER_CONTAINER,
                PER_CONTAINER.times(BigDecimal.valueOf(size)), Map.of("B", "2", "A", "1"), List.of("data"),
                "python train.py", 10, List.of(), null, false, status,
                reasons.isEmpty() ? "started" : String.join("; ", reasons), T1, reasons, retries, T0,
                status.isFinal() ? T1 : null, T1, 1, List.of());
    }

    private Session found(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new NotFoundException("no session '" + id + "'", "id");
        }
        return s;
    }

    private static SlotKind kind(String slot) {
        return "mem".equals(slot) ? SlotKind.BYTES : SlotKind.COUNT;
    }

    @Override
    public Session create(Caller caller, SessionInput input) {
        callers.add(caller);
        lastInput = input;
        if (input.image() == null || input.image().isBlank()) {
            throw new ValidationException("image is required", "image");
        }
        ResourceSlots per = input.resources() == null ? ResourceSlots.EMPTY
                : ResourceSlots.parse(input.resources(), FakeSessionService::kind);
        int size = input.clusterSize() == null ? 1 : input.clusterSize();
        Session s = new Session("s-new", input.name(), null, "system", "system@localhost", "p-1", "default",
                input.resourceGroup() == null ? "default" : input.resourceGroup(), SessionType.INTERACTIVE,
                input.image(), "x86_64", size, ClusterMode.SINGLE_NODE, per, per.times(BigDecimal.valueOf(size)),
                input.environment() == null ? Map.of() : input.environment(),
                input.mounts() == null ? List.of() : input.mounts(), input.startupCommand(),
                input.priority() == null ? 10 : input.priority(),
                input.dependencies() == null ? List.of() : input.dependencies(), input.startsAt(), false,
                SessionStatus.PENDING, "created", T1, List.of(), 0, T1, null, T1, 1, List.of());
        sessions.put(s.id(), s);
        return s;
    }

    private List<Session> matching(SessionQuery query) {
        return sessions.values().stream()
                .filter(s -> query.statuses().isEmpty() || query.statuses().contains(s.status()))
                .filter(s -> query.resourceGroup() == null || query.resourceGroup().equals(s.resourceGroup()))
                .toList();
    }

    @Override
    public Page<Session> list(Caller caller, SessionQuery query, PageRequest page) {
        callers.add(caller);
        lastQuery = query;
        lastPage = page;
        List<Session> all = matching(query);
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(),
                page.limit());
    }

    @Override
    public SessionDetail get(Caller caller, String id) {
        callers.add(caller);
        Session s = found(id);
        return new SessionDetail(s, List.of(new StatusChange(SessionStatus.PENDING, "created", T0),
                new StatusChange(s.status(), s.statusReason(), T1)));
    }

    @Override
    public String logs(Caller caller, String id, int tailLines) {
        callers.add(caller);
        lastTail = tailLines;
        found(id);
        return logs;
    }

    @Override
    public Session terminate(Caller caller, String id, boolean forced) {
        callers.add(caller);
        Session s = found(id);
        if (s.status().isFinal()) {
            throw new io.berth.core.error.ConflictException("session '" + id + "' has already ended");
        }
        Session ended = s.withStatus(s.status() == SessionStatus.PENDING ? SessionStatus.CANCELLED
                : forced ? SessionStatus.TERMINATED : SessionStatus.TERMINATING,
                forced ? "forced by an administrator" : "user requested", T1);
        sessions.put(id, ended);
        return ended;
    }

    @Override
    public List<PresetCheck> checkPresets(Caller caller, String resourceGroup) {
        callers.add(caller);
        lastGroup = resourceGroup;
        List<PresetCheck> all = List.of(
                new PresetCheck("default", ResourceSlots.of(Map.of("cpu", Amount.of(30), "mem", Amount.of(64L << 30))),
                        ResourceSlots.of(Map.of("cpu", Amount.INFINITE)),
                        List.of(new PresetCheck.PresetAvailability("small", ResourceSlots.of(Map.of("cpu",
                                Amount.of(1), "mem", Amount.of(2L << 30))), true, List.of()),
                                new PresetCheck.PresetAvailability("huge", ResourceSlots.of(Map.of("cpu",
                                        Amount.of(64))), false, List.of("no agent has cpu 64 free",
                                                "keypair limit: cpu")))),
                new PresetCheck("gpu", ResourceSlots.EMPTY, ResourceSlots.EMPTY, List.of()));
        return all.stream().filter(c -> resourceGroup == null || c.resourceGroup().equals(resourceGroup)).toList();
    }

    @Override
    public void exportCsv(Caller caller, SessionQuery query, Writer out) throws IOException {
        callers.add(caller);
        lastQuery = query;
        out.write("id,name,status,reason\r\n");
        for (Session s : matching(query)) {
            out.write(s.id() + "," + (s.name() == null ? "" : s.name()) + "," + s.status().wire() + ",\""
                    + s.statusReason().replace("\"", "\"\"") + "\nsecond line\"\r\n");
        }
    }

    @Override
    public UsageRecalculation recalculateUsage(Caller caller, Consumer<String> progress) {
        callers.add(caller);
        progress.accept("checking 2 agents");
        progress.accept("i-gpu1: occupied slots rebuilt");
        return recalculation;
    }
}

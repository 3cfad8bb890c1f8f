package io.berth.rest.internal;

import io.berth.core.error.ForbiddenException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A hand-written in-memory session service: {@code s-run} (running, two containers on {@code i-gpu1}) and
 * {@code s-wait} (pending, with reasons). Unknown ids are 404; forced termination and usage recalculation
 * need a superadmin, like core. Every call is recorded as given.
 */
class FakeSessionService implements SessionService {
    static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2025-05-01T10:00:05Z");
    static final ResourceSlots PER_CONTAINER = ResourceSlots.of(Map.of("cpu", Amount.of(2), "mem",
            Amount.of(4L << 30), "cuda.shares", Amount.of(new BigDecimal("0.5"))));

    final Map<String, Session> sessions = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();
    SessionInput lastInput;
    SessionQuery lastQuery;
    PageRequest lastPage;

    FakeSessionService() {
        Session run = session("s-run", "train", SessionStatus.RUNNING, List.of(), 0);
        run = new Session(run.id(), run.name(), run.accessKey(), run.userId(), run.ownerEmail(), run.projectId(),
                run.domain(), run.resourceGroup(), run.type(), run.image(), run.architecture(), 2,
                ClusterMode.SINGLE_NODE, PER_CONTAINER, PER_CONTAINER.times(BigDecimal.valueOf(2)), run.environment(),
                run.mounts(), run.startupCommand(), run.priority(), run.dependencies(), run.startsAt(), run.sudo(),
                run.status(), run.statusReason(), run.statusChangedAt(), run.pendingReasons(), run.retries(),
                run.createdAt(), run.terminatedAt(), run.lastActivity(), run.version(),
                List.of(new Kernel("k-0", "s-run", 0, "i-gpu1", "c0ffee", SessionStatus.RUNNING, "started",
                        PER_CONTAINER, null, null, T0, null),
                        new Kernel("k-1", "s-run", 1, "i-gpu1", null, SessionStatus.PREPARING, null, PER_CONTAINER,
                                null, null, T0, null)));
        sessions.put(run.id(), run);
        sessions.put("s-wait", session("s-wait", "later", SessionStatus.PENDING,
                List.of("keypair limit: cpu", "reserved start time not reached"), 3));
    }

    static Session session(String id, String name, SessionStatus status, List<String> reasons, int retries) {
        return new Session(id, name, FakeAuthService.ADMIN_KEY, "id-admin@berth.io", "admin@berth.io", "p-1",
                "default", "default", SessionType.INTERACTIVE, "python:3.12", "x86_64", 1, ClusterMode.SINGLE_NODE,
                PER_CONTAINER, PER_CONTAINER, Map.of("A", "1"), List.of("data"), null, 10, List.of(), null, false,
                status, reasons.isEmpty() ? "started" : String.join("; ", reasons), T1, reasons, retries, T0, null,
                T1, 1, List.of());
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
        calls.add(Arrays.asList("create", caller, input));
        lastInput = input;
        if (input.image() == null) {
            throw new ValidationException("image is required", "image");
        }
        ResourceSlots per = input.resources() == null ? ResourceSlots.EMPTY
                : ResourceSlots.parse(input.resources(), FakeSessionService::kind);
        int size = input.clusterSize() == null ? 1 : input.clusterSize();
        Session s = new Session("s-new", input.name(), caller.accessKey(), caller.userId(), caller.email(), "p-1",
                caller.domainName(), input.resourceGroup() == null ? "default" : input.resourceGroup(),
                SessionType.INTERACTIVE, input.image(), "x86_64", size, ClusterMode.SINGLE_NODE, per,
                per.times(BigDecimal.valueOf(size)),
                input.environment() == null ? Map.of() : input.environment(),
                input.mounts() == null ? List.of() : input.mounts(), input.startupCommand(),
                input.priority() == null ? 10 : input.priority(),
                input.dependencies() == null ? List.of() : input.dependencies(), input.startsAt(), false,
                SessionStatus.PENDING, "created", T1, List.of(), 0, T1, null, T1, 1, List.of());
        sessions.put(s.id(), s);
        return s;
    }

    @Override
    public Page<Session> list(Caller caller, SessionQuery query, PageRequest page) {
        calls.add(Arrays.asList("list", caller, query, page));
        lastQuery = query;
        lastPage = page;
        List<Session> all = sessions.values().stream()
                .filter(s -> query.statuses().isEmpty() || query.statuses().contains(s.status())).toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(),
                page.limit());
    }

    @Override
    public SessionDetail get(Caller caller, String id) {
        calls.add(List.of("get", caller, id));
        Session s = found(id);
        return new SessionDetail(s, List.of(new StatusChange(SessionStatus.PENDING, "created", T0),
                new StatusChange(s.status(), s.statusReason(), T1)));
    }

    @Override
    public String logs(Caller caller, String id, int tailLines) {
        calls.add(List.of("logs", caller, id, tailLines));
        found(id);
        return "epoch 1\nepoch 2 ✓\n";
    }

    @Override
    public Session terminate(Caller caller, String id, boolean forced) {
        calls.add(List.of("terminate", caller, id, forced));
        Session s = found(id);
        if (forced && !caller.isSuperadmin()) {
            throw new ForbiddenException("only admins force a termination");
        }
        Session ended = s.withStatus(s.status() == SessionStatus.PENDING ? SessionStatus.CANCELLED
                : forced ? SessionStatus.TERMINATED : SessionStatus.TERMINATING, "user requested", T1);
        sessions.put(id, ended);
        return ended;
    }

    @Override
    public List<PresetCheck> checkPresets(Caller caller, String resourceGroup) {
        calls.add(Arrays.asList("checkPresets", caller, resourceGroup));
        if (resourceGroup != null && !"default".equals(resourceGroup)) {
            throw new NotFoundException("no resource group '" + resourceGroup + "' allowed to you",
                    "resource_group");
        }
        return List.of(new PresetCheck("default", ResourceSlots.of(Map.of("cpu", Amount.of(30))),
                ResourceSlots.of(Map.of("cpu", Amount.INFINITE)),
                List.of(new PresetCheck.PresetAvailability("small", ResourceSlots.of(Map.of("cpu", Amount.of(1))),
                        true, List.of()),
                        new PresetCheck.PresetAvailability("huge", ResourceSlots.of(Map.of("cpu", Amount.of(64))),
                                false, List.of("no agent has cpu 64 free")))));
    }

    @Override
    public void exportCsv(Caller caller, SessionQuery query, Writer out) throws IOException {
        calls.add(List.of("exportCsv", caller, query));
        lastQuery = query;
        out.write("id,name,status\r\n");
        for (Session s : sessions.values()) {
            if (query.statuses().isEmpty() || query.statuses().contains(s.status())) {
                out.write(s.id() + "," + s.name() + "," + s.status().wire() + "\r\n");
            }
        }
    }

    @Override
    public UsageRecalculation recalculateUsage(Caller caller, Consumer<String> progress) {
        calls.add(List.of("recalculateUsage", caller));
        if (!caller.isSuperadmin()) {
            throw new ForbiddenException("only superadmins recalculate usage");
        }
        progress.accept("checking 2 agents");
        progress.accept("i-gpu1: occupied slots rebuilt");
        return new UsageRecalculation(2, 1, List.of(new UsageRecalculation.AgentChange("i-gpu1",
                ResourceSlots.of(Map.of("cpu", Amount.of(7))), ResourceSlots.of(Map.of("cpu", Amount.of(4))))));
    }
}

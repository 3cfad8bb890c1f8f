package io.berth.core.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC A1–A3: agents register, heartbeat and say goodbye with the shared agent token; a timer marks
 * those whose heartbeats stop LOST. A heartbeat is one read and one write in one transaction and logs
 * nothing, so a thousand agents every five seconds stay cheap.
 */
@Component(service = AgentService.class, configurationPid = AgentServiceImpl.PID)
@Designate(ocd = AgentServiceImpl.Config.class)
public final class AgentServiceImpl implements AgentService {
    public static final String PID = "io.berth.manager";

    /**
     * Configuration PID {@code io.berth.manager}: {@code .agent.token} (the leading dot keeps it out of the
     * service properties), {@code heartbeat.interval.seconds},
     * {@code heartbeat.timeout.seconds}.
     */
    @ObjectClassDefinition(name = "Berth manager: agents")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "The token agents present; empty: the "
                + "one in ${karaf.data}/agent-token, generated at first start")
        String _agent_token() default "";

        @AttributeDefinition(description = "How often agents send heartbeats, in seconds")
        long heartbeat_interval_seconds() default DEFAULT_INTERVAL_SECONDS;

        @AttributeDefinition(description = "An agent without a heartbeat for this long, in seconds, is LOST")
        long heartbeat_timeout_seconds() default DEFAULT_TIMEOUT_SECONDS;

        @AttributeDefinition(description = "How often every resource group with pending sessions is dispatched, "
                + "in milliseconds (events dispatch at once besides)")
        long dispatch_interval_millis() default 1000;

        @AttributeDefinition(description = "How often session lifetimes (pending timeout, max lifetime, idle "
                + "timeout) are checked, in seconds")
        long session_check_seconds() default 5;
    }

    static final long DEFAULT_INTERVAL_SECONDS = 5;
    static final long DEFAULT_TIMEOUT_SECONDS = 30;
    static final long MAX_INTERVAL_SECONDS = 3600;
    static final int MAX_ID = 64;
    static final int MAX_TEXT = 128;
    static final int MAX_DEVICES = 256;
    static final int MAX_IMAGES = 10_000;
    static final int MAX_IMAGE_REFERENCE = 512;
    private static final int IMAGE_PAGE = PageRequest.MAX_LIMIT;
    static final String REGISTERED = "registered";
    static final String RECONNECTED = "reconnected after being lost";
    static final String RESTARTED = "restarted";
    static final String RESUMED = "heartbeat resumed";
    static final String SHUT_DOWN = "agent shut down";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    private static final Set<String> SORT_KEYS = Set.of("id", "first_contact", "last_heartbeat");
    private static final Logger LOG = LoggerFactory.getLogger(AgentServiceImpl.class);

    private final UnitOfWork tx;
    private final AgentRepository agents;
    private final ResourceGroupRepository groups;
    private final ImageRepository images;
    /**
     * Per agent, the hash of the image list it last reported and the catalogue was brought in line with,
     * and when.
     */
    private final Map<String, Synced> reportedImages = new ConcurrentHashMap<>();

    private record Synced(long hash, Instant at) {
    }

    /**
     * How often an unchanged image list is synced again anyway, so that images a rescan adds to the catalogue
     * show where they are installed.
     */
    static final Duration IMAGE_RESYNC = Duration.ofSeconds(60);
    /** Image syncs one at a time, so that two agents' updates of one image's installedOn do not race. */
    private final Object imageSync = new Object();
    private final AgentToken token;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private ScheduledExecutorService liveness;

    @Activate
    public AgentServiceImpl(@Reference UnitOfWork tx, @Reference AgentRepository agents,
            @Reference ResourceGroupRepository groups, @Reference ImageRepository images, Config config) {
        this(tx, agents, groups, images, config, dataDir(), Clock.systemUTC());
        start();
    }

    /** As activation does, from {@code config} and the data directory, but without starting the timer. */
    AgentServiceImpl(UnitOfWork tx, AgentRepository agents, ResourceGroupRepository groups, ImageRepository images,
            Config config, Path dataDir, Clock clock) {
        this(tx, agents, groups, images, new AgentToken(token(config._agent_token(), dataDir)),
                interval(config.heartbeat_interval_seconds()),
                timeout(config.heartbeat_timeout_seconds(), config.heartbeat_interval_seconds()), clock);
    }

    /** For tests: no files, no threads. */
    public AgentServiceImpl(UnitOfWork tx, AgentRepository agents, ResourceGroupRepository groups,
            ImageRepository images, String token, Duration interval, Duration timeout, Clock clock) {
        this(tx, agents, groups, images, new AgentToken(token), interval, timeout, clock);
    }

    AgentServiceImpl(UnitOfWork tx, AgentRepository agents, ResourceGroupRepository groups, ImageRepository images,
            AgentToken token, Duration interval, Duration timeout, Clock clock) {
        this.tx = tx;
        this.agents = agents;
        this.groups = groups;
        this.images = images;
        this.token = token;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
    }

    private static Path dataDir() {
        String data = System.getProperty("karaf.data");
        return Path.of(data != null ? data : "data");
    }

    private static String token(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank() && configured.strip().length() < 16) {
            LOG.warn("agent.token is shorter than 16 characters; a longer random token is safer");
        }
        return AgentToken.resolve(configured, dataDir);
    }

    static Duration interval(long seconds) {
        if (seconds < 1 || seconds > MAX_INTERVAL_SECONDS) {
            LOG.warn("heartbeat.interval.seconds must be between 1 and {}; using {}", MAX_INTERVAL_SECONDS,
                    DEFAULT_INTERVAL_SECONDS);
            return Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The timeout must leave room for at least one late heartbeat: more than the interval. */
    static Duration timeout(long seconds, long intervalSeconds) {
        long interval = interval(intervalSeconds).toSeconds();
        if (seconds <= interval) {
            long fallback = Math.max(DEFAULT_TIMEOUT_SECONDS, 6 * interval);
            LOG.warn("heartbeat.timeout.seconds must be more than the heartbeat interval ({} s); using {}", interval,
                    fallback);
            return Duration.ofSeconds(fallback);
        }
        return Duration.ofSeconds(seconds);
    }

    /** How often the timer looks for lost agents: a third of the timeout, at least a second. */
    Duration checkPeriod() {
        return Duration.ofMillis(Math.max(1000, timeout.toMillis() / 3));
    }

    /** Starts the timer that marks lost agents. */
    synchronized void start() {
        if (liveness != null) {
            return;
        }
        liveness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-agent-liveness");
            t.setDaemon(true);
            return t;
        });
        long period = checkPeriod().toMillis();
        liveness.scheduleWithFixedDelay(this::markLostQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    synchronized void deactivate() {
        if (liveness != null) {
            liveness.shutdownNow();
            liveness = null;
        }
    }

    AgentToken token() {
        return token;
    }

    /** Whether the timer runs (for tests). */
    synchronized boolean running() {
        return liveness != null && !liveness.isShutdown();
    }

    private void markLostQuietly() {
        try {
            markLost();
        } catch (RuntimeException e) {
            // a failing pass (database away) must not stop the timer; the next pass tries again
            LOG.warn("could not look for lost agents: {}", e.toString());
        }
    }

    @Override
    public Duration heartbeatInterval() {
        return interval;
    }

    @Override
    public Duration heartbeatTimeout() {
        return timeout;
    }

    // ---------------------------------------------------------------- agent-facing

    @Override
    public Agent register(String presented, AgentReport report) {
        token.check(presented);
        AgentReport r = valid(report);
        Agent registered = tx.inTransaction(() -> {
            groupExists(r.resourceGroup());
            Instant now = clock.instant();
            Agent old = agents.find(r.id()).orElse(null);
            if (old == null) {
                Agent a = agent(r, AgentStatus.ALIVE, REGISTERED, true, now, now, now);
                agents.insert(a);
                return a;
            }
            String reason = old.status() == AgentStatus.LOST ? RECONNECTED : RESTARTED;
            Agent a = agent(r, AgentStatus.ALIVE, reason, old.schedulable(), old.firstContact(), now, now);
            agents.update(a);
            return a;
        });
        syncImages(r);
        return registered;
    }

    @Override
    public Agent heartbeat(String presented, AgentReport report) {
        token.check(presented);
        AgentReport r = valid(report);
        Agent beat = tx.inTransaction(() -> {
            Agent old = agents.find(r.id()).orElseThrow(() -> new NotFoundException("agent '" + r.id()
                    + "' is not registered; register it again", "id"));
            if (!r.resourceGroup().equals(old.resourceGroup())) {
                groupExists(r.resourceGroup()); // rare: only when the agent moved to another group
            }
            Instant now = clock.instant();
            Agent a = switch (old.status()) {
                case ALIVE -> agent(r, AgentStatus.ALIVE, old.statusReason(), old.schedulable(), old.firstContact(),
                        now, old.statusChangedAt());
                case LOST -> agent(r, AgentStatus.ALIVE, RESUMED, old.schedulable(), old.firstContact(), now, now);
                case TERMINATED -> agent(r, AgentStatus.ALIVE, RESTARTED, old.schedulable(), old.firstContact(), now,
                        now);
            };
            agents.update(a);
            return a;
        });
        syncImages(r);
        return beat;
    }

    // ---------------------------------------------------------------- installed images

    /**
     * Brings the catalogue's {@code installedOn} in line with the agent's local images when they differ from
     * what the agent last reported (a hash kept in memory: after a restart the first report of each agent
     * syncs), and every {@link #IMAGE_RESYNC} anyway, for images a rescan added meanwhile. An image is installed when the agent has its reference or {@code registry/namespace/name@digest};
     * only images whose {@code installedOn} changes are written. A failed sync is tried again with the next
     * report. Goodbye and LOST leave {@code installedOn} alone: the images stay on the host.
     */
    private void syncImages(AgentReport r) {
        long hash = imagesHash(r.images());
        Synced last = reportedImages.get(r.id());
        Instant now = clock.instant();
        if (last != null && last.hash() == hash && now.isBefore(last.at().plus(IMAGE_RESYNC))) {
            return;
        }
        Set<String> local = new HashSet<>(r.images());
        int changed;
        try {
            synchronized (imageSync) {
                changed = tx.inTransaction(() -> installedOn(r.id(), local));
            }
        } catch (RuntimeException e) {
            reportedImages.remove(r.id());
            LOG.warn("could not record the images of agent {}: {}", r.id(), e.toString());
            return;
        }
        reportedImages.put(r.id(), new Synced(hash, now));
        if (changed > 0) {
            LOG.debug("agent {}: installedOn of {} image(s) changed", r.id(), changed);
        }
    }

    private int installedOn(String agentId, Set<String> local) {
        int changed = 0;
        int offset = 0;
        while (true) {
            Page<Image> page = images.list(new ImageQuery(null, null, null),
                    new PageRequest(offset, IMAGE_PAGE, "reference", false));
            for (Image i : page.items()) {
                boolean has = local.contains(i.reference()) || i.digest() != null && !i.digest().isEmpty()
                        && local.contains(byDigest(i));
                boolean listed = i.installedOn().contains(agentId);
                if (has == listed) {
                    continue;
                }
                List<String> on = new ArrayList<>(i.installedOn());
                if (has) {
                    on.add(agentId);
                } else {
                    on.removeIf(agentId::equals);
                }
                images.upsert(new Image(i.reference(), i.registry(), i.namespace(), i.name(), i.tag(),
                        i.architecture(), i.digest(), i.sizeBytes(), i.baseDistro(), i.minResources(),
                        i.maxResources(), i.labels(), i.apps(), on, i.scannedAt(), i.modifiedAt()));
                changed++;
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return changed;
            }
        }
    }

    /** {@code registry/namespace/name@digest}, the form a pulled-by-digest image has locally. */
    static String byDigest(Image i) {
        return i.registry() + "/" + (i.namespace() == null || i.namespace().isEmpty() ? "" : i.namespace() + "/")
                + i.name() + "@" + i.digest();
    }

    /** An order-independent 64-bit hash of the list (each reference mixed on its own, then summed). */
    static long imagesHash(List<String> refs) {
        long sum = refs.size();
        long xor = 0;
        for (String ref : refs) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < ref.length(); i++) {
                h = (h ^ ref.charAt(i)) * 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            sum += h;
            xor ^= h * 0xc4ceb9fe1a85ec53L;
        }
        return sum * 31 + xor;
    }

    @Override
    public void goodbye(String presented, String agentId) {
        token.check(presented);
        tx.run(() -> {
            Agent old = found(agentId);
            if (old.status() == AgentStatus.TERMINATED) {
                return; // a repeated goodbye
            }
            agents.update(withStatus(old, AgentStatus.TERMINATED, SHUT_DOWN, clock.instant()));
        });
    }

    @Override
    public int markLost() {
        int lost = tx.inTransaction(() -> {
            Instant now = clock.instant();
            Instant cutoff = now.minus(timeout);
            String reason = "no heartbeat for " + timeout.toSeconds() + " s";
            int n = 0;
            for (String id : agents.aliveSince(cutoff)) {
                // read again: a heartbeat may have arrived since the list was made
                Agent a = agents.find(id).orElse(null);
                if (a != null && a.status() == AgentStatus.ALIVE && a.lastHeartbeat().isBefore(cutoff)) {
                    agents.update(withStatus(a, AgentStatus.LOST, reason, now));
                    n++;
                }
            }
            return n;
        });
        if (lost > 0) {
            LOG.info("{} agent(s) lost: no heartbeat for {} s", lost, timeout.toSeconds());
        }
        return lost;
    }

    private void groupExists(String group) {
        if (groups.find(group).isEmpty()) {
            throw new ValidationException("resource group '" + group + "' does not exist", "resource_group");
        }
    }

    private static Agent agent(AgentReport r, AgentStatus status, String reason, boolean schedulable,
            Instant firstContact, Instant lastHeartbeat, Instant statusChangedAt) {
        return new Agent(r.id(), status, reason, r.region(), r.architecture(), r.version(), r.address(),
                r.resourceGroup(), schedulable, r.availableSlots(), r.occupiedSlots(), r.cpuPercent(),
                r.memoryUsedBytes(), r.containerCount(), r.devices(), firstContact, lastHeartbeat, statusChangedAt);
    }

    private static Agent withStatus(Agent a, AgentStatus status, String reason, Instant now) {
        return new Agent(a.id(), status, reason, a.region(), a.architecture(), a.version(), a.address(),
                a.resourceGroup(), a.schedulable(), a.availableSlots(), a.occupiedSlots(), a.cpuPercent(),
                a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(), a.lastHeartbeat(), now);
    }

    // ---------------------------------------------------------------- validation of reports

    /** The report checked field by field; an absent group is {@code default}, absent slots are empty. */
    static AgentReport valid(AgentReport r) {
        if (r == null) {
            throw new ValidationException("the agent report is required");
        }
        String id = id(r.id());
        String region = text(r.region(), "region");
        String arch = text(r.architecture(), "architecture");
        String version = text(r.version(), "version");
        String address = text(r.address(), "address");
        String group = r.resourceGroup() == null || r.resourceGroup().isEmpty() ? ResourceGroup.DEFAULT
                : Rules.slug(r.resourceGroup(), "resource_group");
        ResourceSlots available = slots(r.availableSlots(), "available_slots");
        ResourceSlots occupied = slots(r.occupiedSlots(), "occupied_slots");
        if (!Double.isFinite(r.cpuPercent()) || r.cpuPercent() < 0) {
            throw new ValidationException("cpu_percent must be a finite number >= 0", "cpu_percent");
        }
        if (r.memoryUsedBytes() < 0) {
            throw new ValidationException("memory_used_bytes must be >= 0", "memory_used_bytes");
        }
        if (r.containerCount() < 0) {
            throw new ValidationException("container_count must be >= 0", "container_count");
        }
        if (r.devices().size() > MAX_DEVICES) {
            throw new ValidationException("an agent may report at most " + MAX_DEVICES + " devices", "devices");
        }
        List<DeviceInfo> devices = r.devices().stream().map(AgentServiceImpl::device).toList();
        if (r.images().size() > MAX_IMAGES) {
            throw new ValidationException("an agent may report at most " + MAX_IMAGES + " images", "images");
        }
        for (String image : r.images()) {
            if (image == null || image.isEmpty() || image.length() > MAX_IMAGE_REFERENCE) {
                throw new ValidationException("every image is a reference of 1 to " + MAX_IMAGE_REFERENCE
                        + " characters", "images");
            }
        }
        return new AgentReport(id, region, arch, version, address, group, available, occupied, r.cpuPercent(),
                r.memoryUsedBytes(), r.containerCount(), devices, r.images());
    }

    private static String id(String id) {
        if (id == null || id.isEmpty()) {
            throw new ValidationException("id is required", "id");
        }
        if (id.length() > MAX_ID || !ID.matcher(id).matches()) {
            throw new ValidationException("id must be 1 to " + MAX_ID
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit", "id");
        }
        return id;
    }

    /** At most 128 printable characters (no control characters, not even tabs or line breaks). */
    private static String text(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(field + " must not contain control characters", field);
        }
        return Rules.maxLength(value, MAX_TEXT, field);
    }

    private static ResourceSlots slots(ResourceSlots s, String field) {
        if (s == null) {
            return ResourceSlots.EMPTY;
        }
        for (var e : s.asMap().entrySet()) {
            if (!finite(e.getValue())) {
                throw new ValidationException(field + "." + e.getKey() + " must be a finite amount >= 0",
                        field + "." + e.getKey());
            }
        }
        return s;
    }

    private static boolean finite(Amount a) {
        return !a.isInfinite() && a.signum() >= 0;
    }

    /** A device checked; absent capacity is empty. */
    private static DeviceInfo device(DeviceInfo d) {
        if (d.plugin() == null || d.plugin().isEmpty() || d.id() == null || d.id().isEmpty()) {
            throw new ValidationException("every device needs its plugin and id", "devices");
        }
        text(d.plugin(), "devices");
        text(d.id(), "devices");
        text(d.model(), "devices");
        if (d.memoryBytes() < 0 || d.memoryUsedBytes() < -1) {
            throw new ValidationException("device memory must be >= 0 (used memory -1 when unknown)", "devices");
        }
        double u = d.utilisationPercent();
        if (!Double.isFinite(u) || (u < 0 && u != -1)) {
            throw new ValidationException("device utilisation must be a number >= 0, or -1 when unknown", "devices");
        }
        if (d.capacity() == null) {
            return new DeviceInfo(d.plugin(), d.id(), d.model(), d.memoryBytes(), ResourceSlots.EMPTY, u,
                    d.memoryUsedBytes());
        }
        if (!d.capacity().asMap().values().stream().allMatch(AgentServiceImpl::finite)) {
            throw new ValidationException("device capacity must be finite amounts >= 0", "devices");
        }
        return d;
    }

    // ---------------------------------------------------------------- admin-facing

    private static void read(Caller c) {
        if (!c.isGlobalReader()) {
            throw new ForbiddenException("agents belong to no domain: only a superadmin or a monitor may view them");
        }
    }

    private Agent found(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new NotFoundException("no agent '" + Rules.printable(id) + "'");
        }
        return agents.find(id).orElseThrow(() -> new NotFoundException("no agent '" + Rules.printable(id) + "'"));
    }

    @Override
    public Page<Agent> list(Caller caller, AgentQuery query, PageRequest page) {
        read(caller);
        if (page.orderBy() != null && !SORT_KEYS.contains(page.orderBy())) {
            throw new ValidationException("order_by must be one of: first_contact, id, last_heartbeat", "order_by");
        }
        AgentQuery q = query == null ? AgentQuery.ALL : query;
        if (q.resourceGroup() != null && q.resourceGroup().length() > Rules.MAX_NAME) {
            throw new ValidationException("resource_group must be at most " + Rules.MAX_NAME + " characters",
                    "resource_group");
        }
        return tx.inTransaction(() -> agents.list(q, page));
    }

    @Override
    public Agent get(Caller caller, String id) {
        read(caller);
        return tx.inTransaction(() -> found(id));
    }

    @Override
    public Agent setSchedulable(Caller caller, String id, boolean schedulable) {
        Access.superadmin(caller, "change whether an agent is schedulable");
        return tx.inTransaction(() -> {
            Agent a = found(id);
            if (a.schedulable() == schedulable) {
                return a;
            }
            Agent b = new Agent(a.id(), a.status(), a.statusReason(), a.region(), a.architecture(), a.version(),
                    a.address(), a.resourceGroup(), schedulable, a.availableSlots(), a.occupiedSlots(),
                    a.cpuPercent(), a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(),
                    a.lastHeartbeat(), a.statusChangedAt());
            agents.update(b);
            return b;
        });
    }
}

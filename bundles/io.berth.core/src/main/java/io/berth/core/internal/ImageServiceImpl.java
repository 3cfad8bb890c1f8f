package io.berth.core.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageService;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import io.berth.core.image.RescanTask.RegistryOutcome;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.PluginDataRepository;
import io.berth.core.repo.RegistryRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC I1, I3, I4 and the image part of Y2: container registries (superadmins change them, superadmins
 * and monitors read them), images (everyone signed in reads them, superadmins change them) and rescans,
 * which run one after another on a background thread with at most {@link #MAX_REQUESTS} registry requests
 * at a time. Registry passwords are sealed with the manager's registry key and never returned. The
 * default registry is created at the first start only, so that deleting it (offline sites) lasts.
 */
@Component(service = ImageService.class)
public final class ImageServiceImpl implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(ImageServiceImpl.class);
    static final int MAX_REQUESTS = 4;
    static final int KEPT_TASKS = 20;
    static final int MAX_PROGRESS = 1000;
    static final int MAX_URL = 2048;
    static final int MAX_SECRET = 1024;
    static final String DEFAULT_URL = "https://cr.backend.ai";
    /** The marker (in plugin data) that the default registry was created once. */
    static final String MARKER_NAMESPACE = "berth.core";
    static final String MARKER_KEY = "images.default-registry-created";
    private static final Pattern HOSTNAME = Pattern.compile(
            "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$");
    private static final Pattern NAMESPACE = Pattern.compile(
            "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");

    private final UnitOfWork tx;
    private final RegistryRepository registries;
    private final ImageRepository images;
    private final PluginDataRepository data;
    private final SlotRegistry slots;
    private final RegistryKey key;
    private final Clock clock;
    private final Semaphore permits = new Semaphore(MAX_REQUESTS);
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>();
    private final RegistryScan scanner;
    private final ExecutorService executor;

    @Activate
    public ImageServiceImpl(@Reference UnitOfWork tx, @Reference RegistryRepository registries,
            @Reference ImageRepository images, @Reference PluginDataRepository data, @Reference SlotRegistry slots) {
        this(tx, registries, images, data, slots, new RegistryKey(dataDir()), Clock.systemUTC());
        try {
            ensureDefaultRegistry();
        } catch (RuntimeException e) {
            LOG.warn("could not create the default container registry entry: {}", e.toString());
        }
    }

    ImageServiceImpl(UnitOfWork tx, RegistryRepository registries, ImageRepository images, PluginDataRepository data,
            SlotRegistry slots, RegistryKey key, Clock clock) {
        this.tx = tx;
        this.registries = registries;
        this.images = images;
        this.data = data;
        this.slots = slots;
        this.key = key;
        this.clock = clock;
        this.scanner = new RegistryScan(tx, images, slots, clock);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "berth-image-rescan");
            t.setDaemon(true);
            return t;
        });
    }

    private static Path dataDir() {
        String d = System.getProperty("karaf.data");
        return Path.of(d != null ? d : "data");
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    /** Creates the default registry when none exists and it was never created before; returns whether it did. */
    boolean ensureDefaultRegistry() {
        return tx.inTransaction(() -> {
            if (data.get(MARKER_NAMESPACE, MARKER_KEY).isPresent()) {
                return false;
            }
            boolean create = registries.list().isEmpty();
            if (create) {
                Instant now = clock.instant();
                registries.insert(new ContainerRegistry(ContainerRegistry.DEFAULT, DEFAULT_URL,
                        ContainerRegistry.DOCKER, null, null, null, true, now, now));
                LOG.info("created the default container registry {}", ContainerRegistry.DEFAULT);
            }
            data.put(MARKER_NAMESPACE, MARKER_KEY, clock.instant().toString());
            return create;
        });
    }

    // ---------------------------------------------------------------- registries

    private static void readRegistries(Caller c) {
        if (!c.isGlobalReader()) {
            throw new ForbiddenException("your role (" + c.role().wire() + ") may not view container registries");
        }
    }

    private ContainerRegistry foundRegistry(String hostname) {
        Optional<ContainerRegistry> r = hostname == null || hostname.length() > 255 ? Optional.empty()
                : registries.find(hostname.toLowerCase(Locale.ROOT));
        return r.orElseThrow(() -> new NotFoundException("no container registry named '"
                + Rules.printable(hostname) + "'"));
    }

    @Override
    public List<ContainerRegistry> listRegistries(Caller caller) {
        readRegistries(caller);
        return tx.inTransaction(registries::list);
    }

    @Override
    public ContainerRegistry getRegistry(Caller caller, String hostname) {
        readRegistries(caller);
        return tx.inTransaction(() -> foundRegistry(hostname));
    }

    @Override
    public ContainerRegistry createRegistry(Caller caller, RegistryInput in) {
        Access.superadmin(caller, "add container registries");
        if (in == null) {
            throw new ValidationException("a registry needs a body", "body");
        }
        String host = hostname(in.hostname());
        String url = url(Rules.required(in.url(), "url"));
        String type = type(in.type());
        String project = project(in.project());
        String user = blankToNull(Rules.text(in.username(), Rules.MAX_NAME * 4, "username"));
        String password = in.password() == null || in.password().isEmpty() ? null : secret(in.password());
        Instant now = clock.instant();
        ContainerRegistry r = new ContainerRegistry(host, url, type, project, user,
                password == null ? null : key.seal(host, password), in.sslVerify() == null || in.sslVerify(), now, now);
        return tx.inTransaction(() -> {
            if (registries.find(host).isPresent()) {
                throw new ConflictException("a container registry named '" + host + "' already exists", "hostname");
            }
            registries.insert(r);
            LOG.info("container registry {} added by {}", host, caller.email());
            return r;
        });
    }

    @Override
    public ContainerRegistry updateRegistry(Caller caller, String hostname, RegistryInput in) {
        Access.superadmin(caller, "change container registries");
        if (in == null) {
            throw new ValidationException("a registry change needs a body", "body");
        }
        if (in.hostname() != null && !in.hostname().strip().equalsIgnoreCase(hostname == null ? "" : hostname)) {
            throw new ValidationException("the hostname is the key of a registry and cannot be changed", "hostname");
        }
        String url = in.url() == null ? null : url(in.url());
        String type = in.type() == null ? null : type(in.type());
        String project = in.project() == null ? null : project(in.project());
        String user = in.username() == null ? null : Rules.text(in.username(), Rules.MAX_NAME * 4, "username");
        String password = in.password() == null || in.password().isEmpty() ? in.password() : secret(in.password());
        return tx.inTransaction(() -> {
            ContainerRegistry old = foundRegistry(hostname);
            String host = old.hostname();
            String sealed = password == null ? old.encryptedPassword()
                    : password.isEmpty() ? null : key.seal(host, password);
            ContainerRegistry r = new ContainerRegistry(host, url == null ? old.url() : url,
                    type == null ? old.type() : type, in.project() == null ? old.project() : project,
                    in.username() == null ? old.username() : blankToNull(user), sealed,
                    in.sslVerify() == null ? old.sslVerify() : in.sslVerify(), old.createdAt(), clock.instant());
            registries.update(r);
            return r;
        });
    }

    @Override
    public void deleteRegistry(Caller caller, String hostname) {
        Access.superadmin(caller, "delete container registries");
        tx.run(() -> {
            ContainerRegistry r = foundRegistry(hostname);
            for (Image i : images.byRegistry(r.hostname())) {
                images.delete(i.reference());
            }
            registries.delete(r.hostname());
            LOG.info("container registry {} deleted by {}", r.hostname(), caller.email());
        });
    }

    static String hostname(String raw) {
        String h = Rules.required(raw, "hostname").toLowerCase(Locale.ROOT);
        if (h.length() > 255 || !HOSTNAME.matcher(h).matches()) {
            throw new ValidationException("hostname must be a host name with an optional port, such as "
                    + "registry.example.com or registry.example.com:5000", "hostname");
        }
        int colon = h.indexOf(':');
        if (colon > 0 && (Integer.parseInt(h.substring(colon + 1)) < 1 || Integer.parseInt(h.substring(colon + 1)) > 65535)) {
            throw new ValidationException("the port of hostname must be between 1 and 65535", "hostname");
        }
        return h;
    }

    static String url(String raw) {
        String v = raw.strip();
        if (v.length() > MAX_URL) {
            throw new ValidationException("url must be at most " + MAX_URL + " characters", "url");
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new ValidationException("url is not a valid URL: " + Rules.printable(v), "url");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException("url must start with http:// or https://", "url");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new ValidationException("url must name a host", "url");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ValidationException("url must not carry credentials, a query or a fragment "
                    + "(give username and password separately)", "url");
        }
        String s = scheme + v.substring(scheme.length());
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static String type(String raw) {
        if (raw == null) {
            return ContainerRegistry.DOCKER;
        }
        if (!raw.strip().equalsIgnoreCase(ContainerRegistry.DOCKER)) {
            throw new ValidationException("type must be docker (Docker Registry HTTP API v2)", "type");
        }
        return ContainerRegistry.DOCKER;
    }

    static String project(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.strip();
        if (v.length() > 255 || !NAMESPACE.matcher(v).matches()) {
            throw new ValidationException("project must be a repository namespace such as 'stable' or 'team/ml'",
                    "project");
        }
        return v;
    }

    private static String secret(String password) {
        if (password.length() > MAX_SECRET) {
            throw new ValidationException("password must be at most " + MAX_SECRET + " characters", "password");
        }
        return password;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---------------------------------------------------------------- rescans

    /** A rescan's live state; every access holds its lock. */
    private final class Job implements RegistryScan.Progress {
        final String id = UUID.randomUUID().toString();
        final String registry;
        final Instant startedAt = clock.instant();
        final List<RegistryOutcome> outcomes = new ArrayList<>();
        final List<String> progress = new ArrayList<>();
        RescanTask.State state = RescanTask.State.RUNNING;
        int done;
        int total;
        Instant finishedAt;

        Job(String registry) {
            this.registry = registry;
        }

        @Override
        public synchronized void note(String line) {
            if (progress.size() < MAX_PROGRESS) {
                progress.add(line);
            } else if (progress.size() == MAX_PROGRESS) {
                progress.add("(further progress lines left out)");
            }
        }

        @Override
        public synchronized void total(int more) {
            total += more;
        }

        @Override
        public synchronized void done() {
            done++;
        }

        synchronized void outcome(RegistryOutcome o) {
            outcomes.add(o);
        }

        synchronized void finish(RescanTask.State s) {
            state = s;
            finishedAt = clock.instant();
        }

        synchronized RescanTask view() {
            return new RescanTask(id, registry, state, done, total, outcomes, progress, startedAt, finishedAt);
        }
    }

    @Override
    public RescanTask rescan(Caller caller, String hostname) {
        Access.superadmin(caller, "rescan container registries");
        List<ContainerRegistry> targets = tx.inTransaction(() -> hostname == null ? registries.list()
                : List.of(foundRegistry(hostname)));
        Job job = new Job(hostname == null ? null : targets.get(0).hostname());
        job.note("rescan of " + (hostname == null ? targets.size() + " registries" : job.registry)
                + " requested by " + caller.email());
        synchronized (jobs) {
            jobs.put(job.id, job);
            while (jobs.size() > KEPT_TASKS) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        try {
            executor.execute(() -> run(job, targets));
        } catch (RejectedExecutionException e) {
            job.note("the manager is stopping");
            job.finish(RescanTask.State.FAILED);
        }
        return job.view();
    }

    private void run(Job job, List<ContainerRegistry> targets) {
        int failed = 0;
        try {
            for (ContainerRegistry reg : targets) {
                RegistryOutcome o;
                try {
                    String password = reg.hasPassword() ? key.open(reg.hostname(), reg.encryptedPassword()) : null;
                    RegistryClient client = new RegistryClient(reg.url(), reg.username(), password, reg.sslVerify(),
                            permits);
                    job.note(reg.hostname() + ": scanning " + reg.url());
                    o = scanner.scan(reg, client, job);
                } catch (RuntimeException e) {
                    o = new RegistryOutcome(reg.hostname(), false, 0, 0, RegistryScan.message(e));
                    job.note(reg.hostname() + ": " + o.error());
                }
                if (!o.ok()) {
                    failed++;
                    LOG.warn("rescan of container registry {} failed: {}", reg.hostname(), o.error());
                }
                job.outcome(o);
            }
            job.finish(!targets.isEmpty() && failed == targets.size() ? RescanTask.State.FAILED
                    : RescanTask.State.DONE);
        } catch (RuntimeException | Error e) {
            job.note("the rescan stopped: " + RegistryScan.message(e));
            job.finish(RescanTask.State.FAILED);
            LOG.warn("rescan {} stopped", job.id, e);
        }
    }

    @Override
    public RescanTask task(Caller caller, String id) {
        readRegistries(caller);
        Job j;
        synchronized (jobs) {
            j = id == null ? null : jobs.get(id);
        }
        if (j == null) {
            throw new NotFoundException("no rescan task '" + Rules.printable(id) + "' (the last " + KEPT_TASKS
                    + " are kept)");
        }
        return j.view();
    }

    @Override
    public List<RescanTask> tasks(Caller caller) {
        readRegistries(caller);
        List<Job> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        List<RescanTask> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            out.add(all.get(i).view());
        }
        return out;
    }

    // ---------------------------------------------------------------- images

    private static void signedIn(Caller c) {
        if (c == null || c.role() == null) {
            throw new ForbiddenException("sign in to view images");
        }
    }

    private Image foundImage(String reference) {
        Optional<Image> i = reference == null || reference.length() > 512 ? Optional.empty()
                : images.find(reference);
        return i.orElseThrow(() -> new NotFoundException("no image '" + Rules.printable(reference) + "'"));
    }

    @Override
    public Page<Image> list(Caller caller, ImageQuery query, PageRequest page) {
        signedIn(caller);
        ImageQuery q = query == null ? ImageQuery.ALL : query;
        Rules.maxLength(q.name(), 512, "name");
        Rules.maxLength(q.registry(), 255, "registry");
        Rules.maxLength(q.architecture(), 32, "architecture");
        PageRequest p = page == null ? PageRequest.first(PageRequest.DEFAULT_LIMIT) : page;
        if (p.orderBy() != null && !p.orderBy().equals("reference") && !p.orderBy().equals("scanned_at")) {
            throw new ValidationException("images can be sorted by reference or scanned_at", "order");
        }
        return tx.inTransaction(() -> images.list(q, p));
    }

    @Override
    public Image get(Caller caller, String reference) {
        signedIn(caller);
        return tx.inTransaction(() -> foundImage(reference));
    }

    @Override
    public Image update(Caller caller, String reference, ImageUpdate update) {
        Access.superadmin(caller, "change images");
        if (update == null) {
            throw new ValidationException("an image change needs a body", "body");
        }
        ResourceSlots min = update.minResources() == null ? null : minimums(update.minResources());
        List<ImageApp> add = update.addApps() == null ? List.of() : apps(update.addApps());
        List<String> remove = update.removeApps() == null ? List.of() : update.removeApps();
        for (String r : remove) {
            if (r == null || r.isBlank()) {
                throw new ValidationException("remove_apps entries must be app names", "remove_apps");
            }
        }
        return tx.inTransaction(() -> {
            Image old = foundImage(reference);
            List<ImageApp> apps = new ArrayList<>(old.apps());
            for (String r : remove) {
                if (!apps.removeIf(a -> a.name().equals(r.strip()))) {
                    throw new ValidationException("the image has no app named '" + Rules.printable(r) + "'",
                            "remove_apps");
                }
            }
            for (ImageApp a : add) {
                apps.removeIf(x -> x.name().equals(a.name()));
                apps.add(a);
            }
            Map<String, String> labels = new LinkedHashMap<>(old.labels());
            labels.put(ImageLabels.CUSTOMISED, "true");
            Image next = new Image(old.reference(), old.registry(), old.namespace(), old.name(), old.tag(),
                    old.architecture(), old.digest(), old.sizeBytes(), old.baseDistro(),
                    min == null ? old.minResources() : min, old.maxResources(), labels, apps, old.installedOn(),
                    old.scannedAt(), clock.instant());
            images.upsert(next);
            return next;
        });
    }

    private ResourceSlots minimums(Map<String, ?> raw) {
        ResourceSlots s = slots.parse(raw, "min_resources");
        for (Map.Entry<String, Amount> e : s.asMap().entrySet()) {
            if (e.getValue().isInfinite()) {
                throw new ValidationException("min_resources." + e.getKey() + " must be a finite amount",
                        "min_resources." + e.getKey());
            }
        }
        return s;
    }

    private static List<ImageApp> apps(List<ImageApp> in) {
        List<ImageApp> out = new ArrayList<>();
        for (ImageApp a : in) {
            if (a == null || a.name() == null || !ImageLabels.APP_NAME.matcher(a.name().strip()).matches()) {
                throw new ValidationException("add_apps.name must be 1-64 letters, digits, '.', '_' or '-'", "add_apps.name");
            }
            String protocol = a.protocol() == null ? "" : a.protocol().strip().toLowerCase(Locale.ROOT);
            if (!ImageLabels.PROTOCOLS.contains(protocol)) {
                throw new ValidationException("add_apps.protocol must be one of http, https, tcp, pty, preopen",
                        "add_apps.protocol");
            }
            if (a.ports().isEmpty() || a.ports().size() > 16) {
                throw new ValidationException("add_apps.ports must list 1 to 16 ports", "add_apps.ports");
            }
            for (Integer p : a.ports()) {
                if (p == null || p < 1 || p > 65535) {
                    throw new ValidationException("add_apps.ports must be between 1 and 65535", "add_apps.ports");
                }
            }
            out.add(new ImageApp(a.name().strip(), protocol, a.ports()));
        }
        return out;
    }

    @Override
    public void forget(Caller caller, String reference) {
        Access.superadmin(caller, "forget images");
        tx.run(() -> images.delete(foundImage(reference).reference()));
    }
}

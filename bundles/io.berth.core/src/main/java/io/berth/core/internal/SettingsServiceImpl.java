package io.berth.core.internal;

import io.berth.core.error.ForbiddenException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SettingsRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC Y1 over {@link SettingsRepository}: settings are stored by dotted name
 * ({@code image.auto_install}, {@code network.overlay_mtu}, {@code scheduler.retries_to_skip},
 * {@code scheduler.<name>.retries_to_skip}); a name not stored takes its default. Readers get a copy
 * cached for two seconds (so several managers sharing a database agree within that time); a change on
 * this manager is visible here at once.
 */
@Component(service = SettingsService.class)
public final class SettingsServiceImpl implements SettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsServiceImpl.class);
    static final String IMAGE_AUTO_INSTALL = "image.auto_install";
    static final String OVERLAY_MTU = "network.overlay_mtu";
    static final String RETRIES = "scheduler.retries_to_skip";
    static final String PREFIX = "scheduler.";
    static final String SUFFIX = ".retries_to_skip";
    static final int MAX_SCHEDULERS = 64;
    private static final Duration CACHE = Duration.ofSeconds(2);

    private record Cached(SystemSettings settings, Instant readAt) {
    }

    private final UnitOfWork tx;
    private final SettingsRepository repo;
    private final Clock clock;
    private volatile Cached cached;

    @Activate
    public SettingsServiceImpl(@Reference UnitOfWork tx, @Reference SettingsRepository repo) {
        this(tx, repo, Clock.systemUTC());
    }

    public SettingsServiceImpl(UnitOfWork tx, SettingsRepository repo, Clock clock) {
        this.tx = tx;
        this.repo = repo;
        this.clock = clock;
    }

    @Override
    public SystemSettings current() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c == null || c.readAt().plus(CACHE).isBefore(now)) {
            c = new Cached(decode(tx.inTransaction(repo::all)), now);
            cached = c;
        }
        return c.settings();
    }

    private static void read(Caller c) {
        if (!c.isGlobalReader()) {
            throw new ForbiddenException("only a superadmin or a monitor may view system settings");
        }
    }

    @Override
    public SystemSettings get(Caller caller) {
        read(caller);
        return decode(tx.inTransaction(repo::all));
    }

    @Override
    public SystemSettings update(Caller caller, SettingsUpdate u) {
        Access.superadmin(caller, "change system settings");
        Map<String, String> wanted = new HashMap<>();
        if (u.imageAutoInstall() != null) {
            wanted.put(IMAGE_AUTO_INSTALL, rule(u.imageAutoInstall()).wire());
        }
        if (u.overlayNetworkMtu() != null) {
            wanted.put(OVERLAY_MTU, String.valueOf(Rules.range(u.overlayNetworkMtu(), SystemSettings.MIN_MTU,
                    SystemSettings.MAX_MTU, 0, "overlay_network_mtu")));
        }
        if (u.defaultRetriesToSkip() != null) {
            wanted.put(RETRIES, String.valueOf(Rules.range(u.defaultRetriesToSkip(), 0,
                    SystemSettings.MAX_RETRIES_TO_SKIP, 0, "default_retries_to_skip")));
        }
        if (u.retriesToSkip() != null) {
            if (u.retriesToSkip().size() > MAX_SCHEDULERS) {
                throw new ValidationException("at most " + MAX_SCHEDULERS + " schedulers may be given", "retries_to_skip");
            }
            for (Map.Entry<String, Integer> e : u.retriesToSkip().entrySet()) {
                String scheduler = Rules.slug(e.getKey(), "retries_to_skip");
                String field = "retries_to_skip." + scheduler;
                wanted.put(PREFIX + scheduler + SUFFIX, e.getValue() == null ? null
                        : String.valueOf(Rules.range(e.getValue(), 0, SystemSettings.MAX_RETRIES_TO_SKIP, 0, field)));
            }
        }
        SystemSettings result = tx.inTransaction(() -> {
            Map<String, String> stored = new HashMap<>(repo.all());
            Instant now = clock.instant();
            for (String name : new TreeSet<>(wanted.keySet())) {
                String old = stored.get(name);
                String value = wanted.get(name);
                if (Objects.equals(old, value)) {
                    continue;
                }
                if (value == null) {
                    repo.remove(name);
                    stored.remove(name);
                } else {
                    repo.put(name, value);
                    stored.put(name, value);
                }
                repo.record(new SettingChange(0, name, old, value, caller.email(), now));
            }
            return decode(stored);
        });
        cached = new Cached(result, clock.instant());
        return result;
    }

    private static ImageInstallRule rule(String s) {
        for (ImageInstallRule r : ImageInstallRule.values()) {
            if (r.wire().equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new ValidationException("image_auto_install must be digest, tag or none", "image_auto_install");
    }

    @Override
    public Page<SettingChange> history(Caller caller, PageRequest page) {
        read(caller);
        return tx.inTransaction(() -> repo.changes(page));
    }

    /** Stored text to settings; a value that does not parse (edited by hand) falls back to its default. */
    static SystemSettings decode(Map<String, String> stored) {
        SystemSettings d = SystemSettings.DEFAULTS;
        ImageInstallRule rule = d.imageAutoInstall();
        int mtu = d.overlayNetworkMtu();
        int retries = d.defaultRetriesToSkip();
        Map<String, Integer> perScheduler = new TreeMap<>();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            String name = e.getKey();
            try {
                if (name.equals(IMAGE_AUTO_INSTALL)) {
                    rule = rule(e.getValue());
                } else if (name.equals(OVERLAY_MTU)) {
                    mtu = Integer.parseInt(e.getValue());
                } else if (name.equals(RETRIES)) {
                    retries = Integer.parseInt(e.getValue());
                } else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)
                        && name.length() > PREFIX.length() + SUFFIX.length()) {
                    perScheduler.put(name.substring(PREFIX.length(), name.length() - SUFFIX.length()),
                            Integer.parseInt(e.getValue()));
                }
            } catch (RuntimeException ex) {
                LOG.warn("ignoring stored setting {}: {}", name, ex.getMessage());
            }
        }
        return new SystemSettings(rule, mtu, retries, perScheduler);
    }
}

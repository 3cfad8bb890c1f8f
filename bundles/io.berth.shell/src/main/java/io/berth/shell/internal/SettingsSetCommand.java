package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:settings-set} (SPEC Y1): changes the given system settings; every change is audited.
 * {@code --retries-to-skip} sets per-scheduler defaults, {@code --clear-retries-to-skip} removes them so the
 * scheduler falls back to the default.
 */
@Service
@Command(scope = "berth", name = "settings-set",
        description = "Changes system settings; omitted ones stay as they are")
public class SettingsSetCommand extends SettingsCommand {

    @Option(name = "--image-auto-install", description = "When agents pull an image again: digest, tag or none")
    @Completion(value = StringsCompleter.class, values = {"digest", "tag", "none"})
    String imageAutoInstall;

    @Option(name = "--overlay-mtu", description = "MTU of the overlay network, " + SystemSettings.MIN_MTU + " to "
            + SystemSettings.MAX_MTU)
    Integer overlayMtu;

    @Option(name = "--default-retries-to-skip",
            description = "Scheduling retries before a pending session is skipped, for schedulers not named")
    Integer defaultRetriesToSkip;

    @Option(name = "--retries-to-skip", multiValued = true,
            description = "Per-scheduler retries to skip, e.g. fifo=5,drf=2 (comma-separated or repeatable)")
    List<String> retriesToSkip;

    @Option(name = "--clear-retries-to-skip", multiValued = true,
            description = "Schedulers whose own retries to skip are removed, e.g. fifo (comma-separated or repeatable)")
    List<String> clearRetriesToSkip;

    @Override
    protected void run() {
        Map<String, Integer> retries = retries();
        if (imageAutoInstall == null && overlayMtu == null && defaultRetriesToSkip == null && retries == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        SystemSettings s = settings.update(CALLER,
                new SettingsUpdate(imageAutoInstall, overlayMtu, defaultRetriesToSkip, retries));
        out().println("Settings updated.");
        print(s, out());
    }

    /** Scheduler → retries (null: remove), or null when neither option is given. */
    private Map<String, Integer> retries() {
        List<String> set = Format.values(retriesToSkip);
        List<String> clear = Format.values(clearRetriesToSkip);
        if (set == null && clear == null) {
            return null;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String part : set == null ? List.<String>of() : set) {
            int eq = part.indexOf('=');
            String scheduler = eq < 0 ? "" : part.substring(0, eq).trim();
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            if (scheduler.isEmpty() || !value.matches("[0-9]{1,9}")) {
                throw new ValidationException("--retries-to-skip: '" + part + "' is not scheduler=number, e.g. "
                        + "fifo=5", "retries_to_skip");
            }
            if (out.putIfAbsent(scheduler, Integer.valueOf(value)) != null) {
                throw new ValidationException("--retries-to-skip: scheduler '" + scheduler + "' is given twice",
                        "retries_to_skip");
            }
        }
        for (String scheduler : clear == null ? List.<String>of() : clear) {
            if (out.containsKey(scheduler)) {
                throw new ValidationException("scheduler '" + scheduler + "' is both set and cleared",
                        "retries_to_skip");
            }
            out.put(scheduler, null);
        }
        return out;
    }
}

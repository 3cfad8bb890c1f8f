package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:volume-update} (SPEC S1): changes what is given. Options given with {@code --option} or
 * {@code --secret-option} are added or replaced and those named by {@code --remove-option} removed; every other
 * option stays as it is (secret ones without their values ever leaving the manager).
 */
@Service
@Command(scope = "berth", name = "volume-update",
        description = "Changes a storage volume; omitted fields and options stay as they are")
public class VolumeUpdateCommand extends VolumeOptions {

    @Option(name = "--remove-option", multiValued = true, description = "An option to remove (repeatable)")
    List<String> removeOptions;

    @Argument(index = 0, name = "name", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String name;

    @Override
    protected void run() {
        Given g = given();
        List<String> removed = Format.values(removeOptions);
        Map<String, String> options = null;
        List<String> secret = null;
        if (g.options() != null || removed != null) {
            VolumeView current = storage.getVolume(CALLER, name);
            options = new LinkedHashMap<>();
            secret = new ArrayList<>();
            for (Map.Entry<String, String> e : current.options().entrySet()) {
                options.put(e.getKey(), e.getValue());
            }
            for (String s : current.secretOptions()) {
                options.put(s, null); // keeps the stored value
                secret.add(s);
            }
            if (removed != null) {
                for (String r : removed) {
                    if (!options.containsKey(r)) {
                        throw new ValidationException("volume " + name + " has no option " + r, "options");
                    }
                    if (g.options() != null && g.options().containsKey(r)) {
                        throw new ValidationException(r + " is both given and removed", "options");
                    }
                    options.remove(r);
                    secret.remove(r);
                }
            }
            if (g.options() != null) {
                options.putAll(g.options());
                for (String s : g.secret()) {
                    if (!secret.contains(s)) {
                        secret.add(s);
                    }
                }
            }
        }
        if (backend == null && mountPath == null && options == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        StorageViews.volume(storage.updateVolume(CALLER, name, new VolumeInput(null, backend, mountPath, options,
                secret)), out());
    }
}

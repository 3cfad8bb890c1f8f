package io.berth.shell.internal;

import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:volume-create} (SPEC S1): a storage volume served by a backend plugin. Secret options are
 * stored sealed and never shown; options whose names contain password, secret or token are always secret.
 */
@Service
@Command(scope = "berth", name = "volume-create", description = "Adds a storage volume")
public class VolumeCreateCommand extends VolumeOptions {

    @Argument(index = 0, name = "name", description = "The volume name", required = true)
    String name;

    @Override
    protected void run() {
        Given g = given();
        VolumeView v = storage.createVolume(CALLER, new VolumeInput(name, backend, mountPath, g.options(),
                g.secret()));
        out().println("Storage volume " + v.name() + " created.");
        StorageViews.volume(v, out());
    }
}

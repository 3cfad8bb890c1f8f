package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:volume-delete} (SPEC S1): deletes a storage volume that holds no folders. */
@Service
@Command(scope = "berth", name = "volume-delete", description = "Deletes a storage volume that holds no folders")
public class VolumeDeleteCommand extends StorageCommand {

    @Argument(index = 0, name = "name", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String name;

    @Override
    protected void run() {
        storage.deleteVolume(CALLER, name);
        out().println("Storage volume " + name + " deleted.");
    }
}

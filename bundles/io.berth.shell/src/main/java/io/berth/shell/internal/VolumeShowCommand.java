package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:volume-show} (SPEC S1): one storage volume; secret options show by name only. */
@Service
@Command(scope = "berth", name = "volume-show", description = "Shows a storage volume")
public class VolumeShowCommand extends StorageCommand {

    @Argument(index = 0, name = "name", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String name;

    @Override
    protected void run() {
        StorageViews.volume(storage.getVolume(CALLER, name), out());
    }
}

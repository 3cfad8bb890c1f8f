package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:volume-list} (SPEC S1): every storage volume; secret options are never shown. */
@Service
@Command(scope = "berth", name = "volume-list", description = "Lists storage volumes")
public class VolumeListCommand extends StorageCommand {

    @Override
    protected void run() {
        StorageViews.volumes(storage.listVolumes(CALLER), out());
    }
}

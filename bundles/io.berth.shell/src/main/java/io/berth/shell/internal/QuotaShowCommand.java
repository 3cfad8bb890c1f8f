package io.berth.shell.internal;

import io.berth.core.storage.QuotaView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:quota-show} (SPEC S4): one quota scope: its usage, the limit in force and where it comes from. */
@Service
@Command(scope = "berth", name = "quota-show",
        description = "Shows the quota of a user or project on a storage volume")
public class QuotaShowCommand extends QuotaScopeCommand {

    @Override
    protected void run() {
        QuotaView q = storage.getQuota(CALLER, volume, kind(), scope);
        StorageViews.quota(q, out());
    }
}

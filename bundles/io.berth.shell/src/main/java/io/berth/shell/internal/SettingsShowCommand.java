package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:settings} (SPEC Y1): the system settings in force. */
@Service
@Command(scope = "berth", name = "settings", description = "Shows the system settings")
public class SettingsShowCommand extends SettingsCommand {

    @Override
    protected void run() {
        print(settings.get(CALLER), out());
    }
}

package io.berth.shell.internal;

import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SystemSettings;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the system settings commands (SPEC Y1): holds the settings service and prints the settings. */
abstract class SettingsCommand extends BerthCommand {

    @Reference
    SettingsService settings;

    static void print(SystemSettings s, PrintStream out) {
        new Format.Details()
                .add("Image auto install", s.imageAutoInstall().wire())
                .add("Overlay network MTU", Integer.toString(s.overlayNetworkMtu()))
                .add("Default retries to skip", Integer.toString(s.defaultRetriesToSkip()))
                .add("Retries to skip", retries(s.retriesToSkip()))
                .print(out);
    }

    /** {@code drf=2, fifo=5} in scheduler order, or {@link Format#NONE}. */
    static String retries(Map<String, Integer> perScheduler) {
        return perScheduler.isEmpty() ? Format.NONE : perScheduler.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}

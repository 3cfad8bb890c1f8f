package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.session.Session;
import io.berth.core.session.SessionInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:session-create} (SPEC C1): asks for a compute session; it starts PENDING and the scheduler
 * of its resource group places it. Core checks every field (and parses the amounts).
 */
@Service
@Command(scope = "berth", name = "session-create", description = "Creates a compute session")
public class SessionCreateCommand extends SessionCommand {

    @Option(name = "--image", description = "The container image, e.g. python:3.12", required = true)
    String image;

    @Option(name = "--name", description = "Session name")
    String name;

    @Option(name = "--type", description = "interactive (default), batch or inference")
    @Completion(value = StringsCompleter.class, values = {"interactive", "batch", "inference"})
    String type;

    @Option(name = "--resources", description = "Resources per container, e.g. cpu=2,mem=4g,cuda.shares=0.5")
    String resources;

    @Option(name = "--preset", description = "A resource preset instead of --resources")
    @Completion(PresetNameCompleter.class)
    String preset;

    @Option(name = "--resource-group", description = "The resource group (default: the caller's default)")
    @Completion(ResourceGroupNameCompleter.class)
    String resourceGroup;

    @Option(name = "--project", description = "Project id or name (default: the only or default project)")
    String project;

    @Option(name = "--cluster-size", description = "Number of containers (default 1)")
    Integer clusterSize;

    @Option(name = "--cluster-mode", description = "single-node (default) or multi-node")
    @Completion(value = StringsCompleter.class, values = {"single-node", "multi-node"})
    String clusterMode;

    @Option(name = "--env", multiValued = true, description = "An environment variable NAME=VALUE (repeatable)")
    List<String> env;

    @Option(name = "--mount", multiValued = true, description = "A folder to mount (repeatable or comma-separated)")
    List<String> mounts;

    @Option(name = "--startup-command", description = "The command a batch session runs")
    String startupCommand;

    @Option(name = "--priority", description = "Scheduling priority, 0 to 100")
    Integer priority;

    @Option(name = "--depends-on", multiValued = true,
            description = "Id of a session that must have finished successfully first (repeatable or comma-separated)")
    @Completion(SessionIdCompleter.class)
    List<String> dependencies;

    @Option(name = "--starts-at", description = "Reserved start time, ISO-8601 with an offset, e.g. "
            + "2025-06-01T12:00:00Z")
    String startsAt;

    @Option(name = "--architecture", description = "CPU architecture, e.g. x86_64 or aarch64 (default: any)")
    String architecture;

    @Override
    protected void run() {
        SessionInput input = new SessionInput(name, image, type, SlotText.parse(resources, "resources", "resources"),
                preset, resourceGroup, project, clusterSize, clusterMode, environment(env), Format.values(mounts),
                startupCommand, priority, Format.values(dependencies),
                SessionFilters.instant(startsAt, "starts-at", false), architecture);
        Session s = sessions.create(CALLER, input);
        out().println("Session " + s.id() + " created (" + s.status().wire() + ").");
        SessionViews.session(s, kinds(), out());
    }

    /** {@code NAME=VALUE} pairs in order; {@code null} when none is given. The value may hold {@code =}. */
    static Map<String, String> environment(List<String> pairs) {
        if (pairs == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--env: '" + p + "' is not NAME=VALUE", "environment");
            }
            String key = p.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new ValidationException("--env: '" + p + "' has no name", "environment");
            }
            if (out.put(key, p.substring(eq + 1)) != null) {
                throw new ValidationException("--env: " + key + " is given twice", "environment");
            }
        }
        return out;
    }
}

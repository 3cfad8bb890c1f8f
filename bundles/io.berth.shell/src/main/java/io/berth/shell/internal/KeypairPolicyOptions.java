package io.berth.shell.internal;

import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The options keypair-policy-create and keypair-policy-update share (SPEC P1). Values are handed to core
 * as text where core parses them ({@code inf}, {@code 8g}); durations are read here ({@code 90m}, {@code 1h}).
 */
abstract class KeypairPolicyOptions extends PolicyCommand {

    @Option(name = "--unspecified", description = "What a slot not named in --slots allows: limited (zero) or "
            + "unlimited")
    @Completion(value = StringsCompleter.class, values = {"limited", "unlimited"})
    String unspecified;

    @Option(name = "--slots", description = "Total resource slots per keypair, e.g. cpu=8,mem=32g,cuda.shares=inf; "
            + "'none' for no slot")
    String slots;

    @Option(name = "--max-session-lifetime", description = "Seconds, or with a unit (90m, 12h, 7d); 0: no limit")
    String maxSessionLifetime;

    @Option(name = "--max-concurrent-sessions", description = "Sessions running at once")
    Integer maxConcurrentSessions;

    @Option(name = "--max-pending-sessions", description = "Sessions waiting at once: a number or inf")
    String maxPendingSessions;

    @Option(name = "--max-pending-slots", description = "Resource slots of all pending sessions together, e.g. "
            + "cpu=16,mem=64g; 'none' for no limit")
    String maxPendingSlots;

    @Option(name = "--max-containers-per-session", description = "Containers (kernels) in one session")
    Integer maxContainersPerSession;

    @Option(name = "--idle-timeout", description = "Seconds, or with a unit (30m, 1h); 0: no limit")
    String idleTimeout;

    @Option(name = "--vfolder-hosts", multiValued = true,
            description = "Allowed vfolder hosts (comma-separated or repeatable; \"\" for none)")
    List<String> vfolderHosts;

    /** Whether no option was given. */
    boolean noOptions() {
        return unspecified == null && slots == null && maxSessionLifetime == null && maxConcurrentSessions == null
                && maxPendingSessions == null && maxPendingSlots == null && maxContainersPerSession == null
                && idleTimeout == null && vfolderHosts == null;
    }

    /** The input for core; {@code name} is null on update (the name is the key and never changes). */
    KeyPairPolicyInput input(String name) {
        Map<String, String> total = SlotText.parse(slots, "slots", "total_resource_slots");
        Map<String, String> pending = SlotText.parse(maxPendingSlots, "max-pending-slots",
                "max_pending_session_resource_slots");
        return new KeyPairPolicyInput(name, unspecified, total,
                Durations.parse(maxSessionLifetime, "max-session-lifetime", "max_session_lifetime"),
                maxConcurrentSessions, maxPendingSessions, pending, maxContainersPerSession,
                Durations.parse(idleTimeout, "idle-timeout", "idle_timeout"), Format.values(vfolderHosts));
    }
}

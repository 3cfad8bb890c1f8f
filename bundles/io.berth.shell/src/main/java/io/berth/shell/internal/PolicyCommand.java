package io.berth.shell.internal;

import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ResourcePolicyService;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the resource policy and resource preset commands: holds the resource policy service. */
abstract class PolicyCommand extends BerthCommand {

    @Reference
    ResourcePolicyService policies;

    /** {@code keypair}, {@code user} or {@code project}, in any case. */
    static PolicyKind kind(String text) {
        return PolicyKind.fromWire(text == null ? null : text.trim().toLowerCase(Locale.ROOT), "kind");
    }

    /** {@code Keypair policy}, {@code User policy}, {@code Project policy}. */
    static String noun(PolicyKind kind) {
        String w = kind.wire();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1) + " policy";
    }
}

package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.KeyPair;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:keypair-update} (SPEC K2): changes a keypair's active flag, admin flag, resource policy or rate limit. */
@Service
@Command(scope = "berth", name = "keypair-update", description = "Changes a keypair; omitted fields stay as they are")
public class KeypairUpdateCommand extends BerthCommand {

    @Argument(index = 0, name = "access-key", description = "The access key", required = true)
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Option(name = "--active", description = "true or false")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String active;

    @Option(name = "--admin", description = "true or false")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String admin;

    @Option(name = "--rate-limit", description = "Requests allowed per 15 minutes")
    Integer rateLimit;

    @Option(name = "--resource-policy", description = "Keypair resource policy")
    @Completion(KeypairPolicyCompleter.class)
    String resourcePolicy;

    @Override
    protected void run() {
        Boolean a = Format.bool(active, "is_active");
        Boolean ad = Format.bool(admin, "is_admin");
        if (a == null && ad == null && rateLimit == null && resourcePolicy == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        KeyPair k = identity.updateKeyPair(CALLER, accessKey, new KeyPairUpdate(a, ad, resourcePolicy, rateLimit));
        Views.keyPair(k, Lookups.emails(identity, List.of(k.userId())).get(k.userId()), out());
    }
}

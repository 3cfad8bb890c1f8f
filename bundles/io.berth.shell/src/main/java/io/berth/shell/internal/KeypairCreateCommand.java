package io.berth.shell.internal;

import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.KeyPair;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:keypair-create} (SPEC K4): adds a keypair to a user, with generated keys or with the given
 * access and secret keys (checked for format and uniqueness). The secret key is printed once, here only.
 */
@Service
@Command(scope = "berth", name = "keypair-create", description = "Adds a keypair to a user; prints the secret key once")
public class KeypairCreateCommand extends BerthCommand {

    @Argument(index = 0, name = "user-email", description = "E-mail of the user who owns the new keypair",
            required = true)
    @Completion(UserEmailCompleter.class)
    String userEmail;

    @Option(name = "--access-key", description = "Access key to use instead of a generated one (20 characters)")
    String accessKey;

    @Option(name = "--secret-key", censor = true,
            description = "Secret key to use instead of a generated one (40 characters; needs --access-key)")
    String secretKey;

    @Option(name = "--admin", description = "Admin keypair: true or false (default: true unless the role is user)")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String admin;

    @Option(name = "--inactive", description = "Create the keypair inactive")
    boolean inactive;

    @Option(name = "--rate-limit", description = "Requests allowed per 15 minutes (default 30000)")
    Integer rateLimit;

    @Option(name = "--resource-policy", description = "Keypair resource policy (default: default)")
    @Completion(KeypairPolicyCompleter.class)
    String resourcePolicy;

    @Override
    protected void run() {
        KeyPair k = identity.createKeyPair(CALLER, new NewKeyPair(userEmail, accessKey, secretKey,
                inactive ? Boolean.FALSE : null, Format.bool(admin, "is_admin"), resourcePolicy, rateLimit));
        Views.keyPair(k.redacted(), userEmail, out());
        out().println();
        out().println("Secret key: " + k.secretKey());
        out().println("The secret key is shown only now; store it safely.");
    }
}

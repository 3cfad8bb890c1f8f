package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.image.RegistryInput;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:registry-update} (SPEC I3): changes what is given. {@code --clear-password} removes the stored
 * password; {@code --ssl-verify} and {@code --no-ssl-verify} turn certificate checks on and off.
 */
@Service
@Command(scope = "berth", name = "registry-update",
        description = "Changes a container registry; omitted fields stay as they are")
public class RegistryUpdateCommand extends RegistryOptions {

    @Option(name = "--ssl-verify", description = "Verify the registry's TLS certificate")
    boolean sslVerify;

    @Option(name = "--clear-password", description = "Remove the stored password")
    boolean clearPassword;

    @Argument(index = 0, name = "hostname", description = "The registry hostname", required = true)
    @Completion(RegistryHostnameCompleter.class)
    String hostname;

    @Override
    protected void run() {
        if (sslVerify && noSslVerify) {
            throw new ValidationException("give either --ssl-verify or --no-ssl-verify, not both", "ssl_verify");
        }
        if (clearPassword && password != null) {
            throw new ValidationException("give either --password or --clear-password, not both", "password");
        }
        RegistryInput in = input(null, clearPassword ? "" : password,
                sslVerify ? Boolean.TRUE : noSslVerify ? Boolean.FALSE : null);
        if (in.equals(new RegistryInput(null, null, null, null, null, null, null))) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        ImageViews.registry(images.updateRegistry(CALLER, hostname, in), out());
    }
}

package io.berth.shell.internal;

import io.berth.core.image.RegistryInput;
import org.apache.karaf.shell.api.action.Option;

/** The options of {@code registry-create} and {@code registry-update} (SPEC I3). */
abstract class RegistryOptions extends ImageCommand {

    @Option(name = "--url", description = "Registry URL with its scheme, e.g. https://cr.backend.ai")
    String url;

    @Option(name = "--type", description = "Registry type (docker: Docker Registry HTTP API v2)")
    String type;

    @Option(name = "--project", description = "Scan only repositories under this namespace")
    String project;

    @Option(name = "--username", description = "User name for the registry")
    String username;

    @Option(name = "--password", description = "Password for the registry (stored encrypted, never shown)")
    String password;

    @Option(name = "--no-ssl-verify", description = "Do not verify the registry's TLS certificate")
    boolean noSslVerify;

    RegistryInput input(String hostname, String pass, Boolean sslVerify) {
        return new RegistryInput(hostname, url, type, project, username, pass, sslVerify);
    }
}

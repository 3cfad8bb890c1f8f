package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Project;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

/**
 * What resource-group-allow and resource-group-disallow share (SPEC A4): the domains, projects (by id or
 * {@code domain/name}) and keypairs to make the group available to or to withdraw it from. Each change is
 * made and reported in turn; on an error the ones before it stay made.
 */
abstract class ResourceGroupAccessCommand extends ResourceGroupCommand {

    @Option(name = "--domain", multiValued = true, description = "A domain name (repeatable or comma-separated)")
    @Completion(DomainNameCompleter.class)
    List<String> domains;

    @Option(name = "--project", multiValued = true,
            description = "A project id or domain/name (repeatable or comma-separated)")
    @Completion(ProjectCompleter.class)
    List<String> projects;

    @Option(name = "--keypair", multiValued = true, description = "An access key (repeatable or comma-separated)")
    @Completion(AccessKeyCompleter.class)
    List<String> keyPairs;

    @Argument(index = 0, name = "name", description = "The resource group name", required = true)
    @Completion(ResourceGroupNameCompleter.class)
    String name;

    /** True to make the group available, false to withdraw it. */
    abstract boolean allow();

    @Override
    protected void run() {
        List<String> d = Format.values(domains);
        List<String> p = Format.values(projects);
        List<String> k = Format.values(keyPairs);
        if ((d == null || d.isEmpty()) && (p == null || p.isEmpty()) && (k == null || k.isEmpty())) {
            throw new ValidationException("give at least one --domain, --project or --keypair");
        }
        String verb = allow() ? "is available to " : "is no longer available to ";
        for (String domain : d == null ? List.<String>of() : d) {
            groups.allowDomain(CALLER, name, domain, allow());
            out().println("Resource group " + name + " " + verb + "domain " + domain + ".");
        }
        for (String ref : p == null ? List.<String>of() : p) {
            String id = ref;
            String shown = ref;
            if (ref.indexOf('/') >= 0) {
                Project project = Lookups.project(identity, ref);
                id = project.id();
                shown = ref + " (" + id + ")";
            }
            groups.allowProject(CALLER, name, id, allow());
            out().println("Resource group " + name + " " + verb + "project " + shown + ".");
        }
        for (String accessKey : k == null ? List.<String>of() : k) {
            groups.allowKeyPair(CALLER, name, accessKey, allow());
            out().println("Resource group " + name + " " + verb + "keypair " + accessKey + ".");
        }
    }
}

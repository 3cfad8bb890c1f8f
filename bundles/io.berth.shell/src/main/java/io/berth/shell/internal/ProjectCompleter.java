package io.berth.shell.internal;

import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes project references: each project's id and its {@code domain/name} form, which every command
 * taking a project accepts.
 */
@Service
public class ProjectCompleter extends IdentityCompleter {
    @Override
    List<String> values(PageRequest page) {
        List<String> out = new ArrayList<>();
        for (Project p : identity.listProjects(CALLER, null, null, page).items()) {
            out.add(p.domainName() + "/" + p.name());
            out.add(p.id());
        }
        return out;
    }
}

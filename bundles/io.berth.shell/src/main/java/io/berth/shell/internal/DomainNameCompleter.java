package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.PageRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes domain names (active and inactive domains). */
@Service
public class DomainNameCompleter extends IdentityCompleter {
    @Override
    List<String> values(PageRequest page) {
        return identity.listDomains(CALLER, null, page).items().stream().map(Domain::name).toList();
    }
}

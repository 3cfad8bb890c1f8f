package io.berth.core.repo;

import io.berth.core.identity.Domain;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface DomainRepository {
    Optional<Domain> find(String name);

    void insert(Domain domain);

    void update(Domain domain);

    /** {@code onlyName} restricts the list to one domain (domain admins). */
    Page<Domain> list(Boolean active, String onlyName, PageRequest page);
}

package io.berth.core.testing;

import io.berth.core.identity.Domain;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.DomainRepository;
import java.util.Comparator;
import java.util.Optional;

public final class FakeDomainRepository extends FakeTable<Domain> implements DomainRepository {
    public FakeDomainRepository(FakeUnitOfWork tx) {
        super("domains", tx);
    }

    @Override
    public Optional<Domain> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public void insert(Domain d) {
        write("insert", d.name(), d);
    }

    @Override
    public void update(Domain d) {
        write("update", d.name(), d);
    }

    @Override
    public Page<Domain> list(Boolean active, String onlyName, PageRequest page) {
        return page(all().filter(d -> active == null || d.active() == active)
                .filter(d -> onlyName == null || d.name().equals(onlyName)), Comparator.comparing(Domain::name), page);
    }
}

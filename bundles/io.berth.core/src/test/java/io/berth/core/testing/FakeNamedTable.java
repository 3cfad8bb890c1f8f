package io.berth.core.testing;

import io.berth.core.repo.NamedRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A fake {@link NamedRepository}: rows keyed by their name, listed in name order. */
public abstract class FakeNamedTable<V> extends FakeTable<V> implements NamedRepository<V> {
    private final Function<V, String> nameOf;

    protected FakeNamedTable(String table, FakeUnitOfWork tx, Function<V, String> nameOf) {
        super(table, tx);
        this.nameOf = nameOf;
    }

    @Override
    public Optional<V> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public List<V> list() {
        return all().sorted(Comparator.comparing(nameOf)).toList();
    }

    @Override
    public void insert(V row) {
        write("insert", nameOf.apply(row), row);
    }

    @Override
    public void update(V row) {
        write("update", nameOf.apply(row), row);
    }

    @Override
    public void delete(String name) {
        write("delete", name, null);
    }
}

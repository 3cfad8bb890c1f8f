package io.berth.core.testing;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.repo.FolderRepository;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.VFolder;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Virtual folders by id. Like the database: (owner kind, owner id, name) is unique, an update needs an
 * existing row, and lists are sorted by name, then id.
 */
public final class FakeFolderRepository implements FolderRepository {
    private static final Comparator<VFolder> ORDER = Comparator.comparing(VFolder::name).thenComparing(VFolder::id);

    /** The rows; a table of its own since {@link FolderRepository#all()} clashes with the table's. */
    private static final class Table extends FakeTable<VFolder> {
        Table(FakeUnitOfWork tx) {
            super("vfolders", tx);
        }
    }

    private final Table table;

    public FakeFolderRepository(FakeUnitOfWork tx) {
        table = new Table(tx);
    }

    /** The rows as they are now (an immutable copy). */
    public Map<String, VFolder> rows() {
        return table.rows();
    }

    /** Makes the {@code n}-th write from now on throw {@code e}. */
    public void failWrite(int n, RuntimeException e) {
        table.failWrite(n, e);
    }

    private VFolder get(String id) {
        return table.get(id);
    }

    private void write(String op, String key, VFolder value) {
        table.write(op, key, value);
    }

    private List<VFolder> where(Predicate<VFolder> p) {
        return rows().values().stream().filter(p).sorted(ORDER).toList();
    }

    @Override
    public Optional<VFolder> find(String id) {
        return Optional.ofNullable(get(id));
    }

    @Override
    public Optional<VFolder> findByName(FolderOwner kind, String ownerId, String name) {
        return rows().values().stream()
                .filter(f -> f.ownerKind() == kind && f.ownerId().equals(ownerId) && f.name().equals(name))
                .findFirst();
    }

    @Override
    public void insert(VFolder folder) {
        if (findByName(folder.ownerKind(), folder.ownerId(), folder.name()).isPresent()) {
            throw new ConflictException("unique (owner_kind, owner_id, name) violated: " + folder.name(), "name");
        }
        write("insert", folder.id(), folder);
    }

    @Override
    public void update(VFolder folder) {
        if (get(folder.id()) == null) {
            throw new NotFoundException("no folder " + folder.id());
        }
        Optional<VFolder> clash = findByName(folder.ownerKind(), folder.ownerId(), folder.name());
        if (clash.isPresent() && !clash.get().id().equals(folder.id())) {
            throw new ConflictException("unique (owner_kind, owner_id, name) violated: " + folder.name(), "name");
        }
        write("update", folder.id(), folder);
    }

    @Override
    public void delete(String id) {
        if (get(id) != null) {
            write("delete", id, null);
        }
    }

    @Override
    public List<VFolder> byOwner(FolderOwner kind, String ownerId) {
        return where(f -> f.ownerKind() == kind && f.ownerId().equals(ownerId));
    }

    @Override
    public List<VFolder> byOwners(FolderOwner kind, Collection<String> ownerIds) {
        return where(f -> f.ownerKind() == kind && ownerIds.contains(f.ownerId()));
    }

    @Override
    public long countByOwner(FolderOwner kind, String ownerId) {
        return byOwner(kind, ownerId).size();
    }

    @Override
    public List<VFolder> byVolume(String volume) {
        return where(f -> f.volume().equals(volume));
    }

    @Override
    public long countByVolume(String volume) {
        return byVolume(volume).size();
    }

    @Override
    public List<VFolder> byDomain(String domainName) {
        return where(f -> f.domainName().equals(domainName));
    }

    @Override
    public List<VFolder> all() {
        return where(f -> true);
    }
}

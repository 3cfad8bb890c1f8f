package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.repo.NamedRepository;
import io.berth.core.repo.Referrers;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.persistence.EntityManager;

/**
 * Find, list, insert, update and delete of rows whose key is a {@code name} column that never changes: the
 * part the policy and preset repositories share. Each repository supplies its conversions (and, for
 * policies, what refers to a name).
 *
 * @param <R> the core record
 * @param <E> the entity, whose JPQL name is its simple class name and whose key attribute is {@code name}
 */
abstract class NamedRows<R, E> implements NamedRepository<R> {
    protected final JpaUnitOfWork tx;
    private final Class<E> type;
    private final String what;
    private final Function<R, String> nameOf;
    private final Function<String, E> create;
    private final BiConsumer<R, E> copy;
    private final Function<E, R> record;
    private final String listJpql;
    private final String keyField;

    /**
     * @param what   how a not-found message names a row, e.g. {@code "keypair resource policy"}
     * @param nameOf the record's name
     * @param create a new entity holding only the name
     * @param copy   copies every column but the name from the record into the entity
     * @param record the record of an entity
     */
    protected NamedRows(JpaUnitOfWork tx, Class<E> type, String what, Function<R, String> nameOf, Function<String, E> create,
            BiConsumer<R, E> copy, Function<E, R> record) {
        this(tx, type, what, "name", nameOf, create, copy, record);
    }

    /**
     * As the other constructor, for rows whose key field has another wire name than {@code name} (the entity's
     * key attribute is still {@code name}).
     *
     * @param keyField the field that conflicts and not-found errors name, e.g. {@code "hostname"}
     */
    protected NamedRows(JpaUnitOfWork tx, Class<E> type, String what, String keyField, Function<R, String> nameOf,
            Function<String, E> create, BiConsumer<R, E> copy, Function<E, R> record) {
        this.tx = tx;
        this.keyField = keyField;
        this.type = type;
        this.what = what;
        this.nameOf = nameOf;
        this.create = create;
        this.copy = copy;
        this.record = record;
        this.listJpql = "SELECT e FROM " + type.getSimpleName() + " e ORDER BY e.name";
    }

    @Override
    public Optional<R> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(type, name)).map(record));
    }

    /** Every row, sorted by name. */
    @Override
    public List<R> list() {
        return tx.read(em -> em.createQuery(listJpql, type).getResultList().stream().map(record).toList());
    }

    @Override
    public void insert(R r) {
        tx.write(keyField, em -> {
            E e = create.apply(nameOf.apply(r));
            copy.accept(r, e);
            em.persist(e);
            return null;
        });
    }

    /**
     * Replaces every column but the name.
     *
     * @throws NotFoundException when no row has the record's name
     */
    @Override
    public void update(R r) {
        tx.write(keyField, em -> {
            copy.accept(r, existing(em, nameOf.apply(r)));
            return null;
        });
    }

    /**
     * Deletes the row; does nothing when there is none with this name. A row still referred to by a
     * foreign key is a {@link io.berth.core.error.ConflictException} (see {@link PersistenceErrors}).
     */
    @Override
    public void delete(String name) {
        if (name == null) {
            return;
        }
        tx.write(keyField, em -> {
            E e = em.find(type, name);
            if (e != null) {
                em.remove(e);
            }
            return null;
        });
    }

    private E existing(EntityManager em, String name) {
        E e = name == null ? null : em.find(type, name);
        if (e == null) {
            throw new NotFoundException("no " + what + " named '" + name + "'");
        }
        return e;
    }

    /**
     * What refers to a name: the labels of the first {@link Referrers#SAMPLE} rows of {@code sampleJpql}
     * (ordered by the query, then sorted as text) and the count of {@code countJpql}; both queries take
     * the name as the parameter {@code :name}.
     */
    static <T> Referrers referrers(EntityManager em, String name, String countJpql, String sampleJpql,
            Class<T> row, Function<T, String> label) {
        long total = em.createQuery(countJpql, Long.class).setParameter("name", name).getSingleResult();
        if (total == 0) {
            return new Referrers(List.of(), 0);
        }
        List<String> sample = em.createQuery(sampleJpql, row).setParameter("name", name)
                .setMaxResults(Referrers.SAMPLE).getResultList().stream().map(label).sorted().toList();
        return new Referrers(sample, total);
    }
}

package io.berth.core.repo;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Rows keyed by a name that never changes (policies, presets). */
@ConsumerType
public interface NamedRepository<T> {
    Optional<T> find(String name);

    /** All rows sorted by name. */
    List<T> list();

    void insert(T row);

    /** Replaces the row of the same name; {@link io.berth.core.error.NotFoundException} when there is none. */
    void update(T row);

    /** Does nothing when no row has the name. */
    void delete(String name);
}

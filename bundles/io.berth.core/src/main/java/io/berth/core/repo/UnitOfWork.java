package io.berth.core.repo;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs work in one database transaction: every repository call made by the work on this thread joins
 * it; an exception rolls all of it back. Nested calls join the outer transaction.
 */
@ConsumerType
public interface UnitOfWork {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}

package io.berth.persistence.jpa.internal;

import io.berth.core.repo.UnitOfWork;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

/**
 * Resource-local transactions bound to the calling thread.
 *
 * <p>The outermost {@link #inTransaction} opens an {@link EntityManager}, begins a transaction, runs the
 * work and commits; nested calls on the same thread join it. Any exception or error thrown by the work
 * rolls the whole transaction back and is rethrown unchanged. When a nested unit fails and an outer unit
 * catches the exception and returns normally, the transaction is still rolled back (it may hold half of
 * the nested work) and the outer call throws {@link IllegalStateException}.
 *
 * <p>Repositories reach the database through {@link #read} and {@link #write}: inside a transaction they
 * use its entity manager; outside one, a read uses a short-lived entity manager and a write runs in a
 * transaction of its own. Writes are flushed at once, so constraint violations surface at the repository
 * call that caused them, as translated by {@link PersistenceErrors}.
 */
final class JpaUnitOfWork implements UnitOfWork {
    private static final class Context {
        final EntityManager em;
        boolean rollbackOnly;

        Context(EntityManager em) {
            this.em = em;
        }
    }

    private final EntityManagerFactory emf;
    private final ThreadLocal<Context> current = new ThreadLocal<>();

    JpaUnitOfWork(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Context outer = current.get();
        if (outer != null) {
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                outer.rollbackOnly = true;
                throw e;
            }
        }
        EntityManager em = emf.createEntityManager();
        Context ctx = new Context(em);
        current.set(ctx);
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.get();
            if (ctx.rollbackOnly || tx.getRollbackOnly()) {
                tx.rollback();
                throw new IllegalStateException(
                        "the transaction was rolled back because a nested unit of work failed");
            }
            commit(tx);
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(tx, e);
            throw e;
        } finally {
            current.remove();
            em.close();
        }
    }

    /** True while the calling thread is inside {@link #inTransaction}. */
    boolean active() {
        return current.get() != null;
    }

    /** Runs a query with the thread's entity manager, or with a short-lived one outside transactions. */
    <T> T read(Function<EntityManager, T> query) {
        Context ctx = current.get();
        if (ctx != null) {
            return query.apply(ctx.em);
        }
        EntityManager em = emf.createEntityManager();
        try {
            return query.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * Runs a change in the thread's transaction (or a new one) and flushes it.
     *
     * @param keyField the field to name in a conflict about an existing key
     */
    <T> T write(String keyField, Function<EntityManager, T> change) {
        return inTransaction(() -> {
            EntityManager em = current.get().em;
            try {
                T result = change.apply(em);
                em.flush();
                return result;
            } catch (PersistenceException e) {
                throw PersistenceErrors.translate(e, keyField);
            }
        });
    }

    private static void commit(EntityTransaction tx) {
        try {
            tx.commit();
        } catch (PersistenceException e) {
            throw PersistenceErrors.translate(e, "id");
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, Throwable cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException r) {
            cause.addSuppressed(r);
        }
    }
}

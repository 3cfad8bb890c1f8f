package io.berth.core.internal;

import io.berth.core.repo.PluginDataRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.spi.data.PluginStore;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link PluginStore} over the database; every call is its own transaction (or joins the caller's). */
@Component(service = PluginStore.class)
public final class PluginStoreImpl implements PluginStore {
    private final UnitOfWork tx;
    private final PluginDataRepository repo;

    @Activate
    public PluginStoreImpl(@Reference UnitOfWork tx, @Reference PluginDataRepository repo) {
        this.tx = tx;
        this.repo = repo;
    }

    @Override
    public Optional<Entry> get(String namespace, String key) {
        return tx.inTransaction(() -> repo.get(namespace, key));
    }

    @Override
    public long put(String namespace, String key, String value) {
        return tx.inTransaction(() -> repo.put(namespace, key, value));
    }

    @Override
    public boolean replace(String namespace, String key, String value, long expectedVersion) {
        return tx.inTransaction(() -> repo.replace(namespace, key, value, expectedVersion));
    }

    @Override
    public void delete(String namespace, String key) {
        tx.run(() -> repo.delete(namespace, key));
    }
}

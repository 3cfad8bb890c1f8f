package io.berth.core.testing;

import io.berth.core.repo.QuotaRepository;
import io.berth.core.storage.FolderOwner;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Explicit quota limits, keyed by volume, kind and scope. */
public final class FakeQuotaRepository extends FakeTable<FakeQuotaRepository.Row> implements QuotaRepository {
    /** One explicit limit. */
    public record Row(String volume, FolderOwner kind, String scopeId, long hardLimitBytes) {
    }

    public FakeQuotaRepository(FakeUnitOfWork tx) {
        super("quota_limits", tx);
    }

    static String key(String volume, FolderOwner kind, String scopeId) {
        return volume + "/" + kind.wire() + "/" + scopeId;
    }

    @Override
    public Optional<Long> find(String volume, FolderOwner kind, String scopeId) {
        return Optional.ofNullable(get(key(volume, kind, scopeId))).map(Row::hardLimitBytes);
    }

    @Override
    public void put(String volume, FolderOwner kind, String scopeId, long hardLimitBytes) {
        String k = key(volume, kind, scopeId);
        write(get(k) == null ? "insert" : "update", k, new Row(volume, kind, scopeId, hardLimitBytes));
    }

    @Override
    public void delete(String volume, FolderOwner kind, String scopeId) {
        String k = key(volume, kind, scopeId);
        if (get(k) != null) {
            write("delete", k, null);
        }
    }

    @Override
    public Map<String, Long> list(String volume, FolderOwner kind) {
        Map<String, Long> out = new TreeMap<>();
        all().filter(r -> r.volume().equals(volume) && r.kind() == kind)
                .forEach(r -> out.put(r.scopeId(), r.hardLimitBytes()));
        return out;
    }

    @Override
    public void deleteVolume(String volume) {
        all().filter(r -> r.volume().equals(volume)).toList()
                .forEach(r -> write("delete", key(r.volume(), r.kind(), r.scopeId()), null));
    }
}

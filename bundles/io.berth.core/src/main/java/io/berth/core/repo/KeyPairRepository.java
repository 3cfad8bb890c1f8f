package io.berth.core.repo;

import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface KeyPairRepository {
    Optional<KeyPair> find(String accessKey);

    List<KeyPair> findByUser(String userId);

    void insert(KeyPair keyPair);

    void update(KeyPair keyPair);

    void delete(String accessKey);

    Page<KeyPair> list(KeyPairQuery query, PageRequest page);

    /** Adds {@code queries} to the query count and moves last-used forward (batched usage flush). */
    void recordUsage(String accessKey, long queries, Instant lastUsed);
}

package io.berth.core.repo;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Images by reference ({@code registry/namespace/name:tag}). */
@ConsumerType
public interface ImageRepository {
    Optional<Image> find(String reference);

    /** Inserts the image or replaces the one with the same reference. */
    void upsert(Image image);

    /** Does nothing when there is no such image. */
    void delete(String reference);

    /** Every image of the registry, sorted by reference. */
    List<Image> byRegistry(String registry);

    /** Sorted by reference unless the page says otherwise ({@code reference}, {@code scanned_at}). */
    Page<Image> list(ImageQuery query, PageRequest page);
}

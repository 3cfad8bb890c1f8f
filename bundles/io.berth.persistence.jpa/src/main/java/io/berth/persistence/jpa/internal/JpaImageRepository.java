package io.berth.persistence.jpa.internal;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import io.berth.core.repo.ImageRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.persistence.EntityManager;

/**
 * {@link ImageRepository} over the {@code images} table.
 *
 * <p>Every {@link ImageEntity} this repository loads or persists is detached as soon as it has become a
 * record, so no image entity stays managed in a persistence context: deleting a registry deletes its images
 * in the database ({@code ON DELETE CASCADE}) and a later read in the same unit of work finds them gone.
 *
 * <p>{@link #upsert} reads the row by reference and then updates it or inserts it; when a concurrent
 * transaction inserts the same reference in between, the insert is a
 * {@link io.berth.core.error.ConflictException} on {@code reference}. An image whose registry does not
 * exist is a {@link io.berth.core.error.ValidationException} on {@code registry}, and text columns are
 * checked against their lengths (naming the column).
 */
final class JpaImageRepository implements ImageRepository {
    private static final Lists.Sorting SORTING = new Lists.Sorting(
            Map.of("reference", "reference", "scanned_at", "scannedAt"), "reference", "reference");

    static final int MAX_REFERENCE = 1024;
    static final int MAX_NAME = 255;
    static final int MAX_TAG = 128;
    static final int MAX_TEXT = 128;
    static final int MAX_DIGEST = 256;

    private static final String BY_REGISTRY = "SELECT e FROM ImageEntity e WHERE e.registry = :registry"
            + " ORDER BY e.reference";

    private final JpaUnitOfWork tx;

    JpaImageRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Image> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(ImageEntity.class, reference)).map(e -> detached(em, e)));
    }

    @Override
    public void upsert(Image image) {
        String reference = Columns.checkLength(image.reference(), MAX_REFERENCE, "reference");
        ImageEntity values = new ImageEntity(reference);
        copy(image, values);
        tx.write("reference", em -> {
            ImageEntity e = em.find(ImageEntity.class, reference);
            if (e == null) {
                e = values;
                em.persist(e);
            } else {
                copy(image, e);
            }
            em.flush();
            em.detach(e);
            return null;
        });
    }

    @Override
    public void delete(String reference) {
        if (reference == null) {
            return;
        }
        tx.write("reference", em -> em.createQuery("DELETE FROM ImageEntity e WHERE e.reference = :reference")
                .setParameter("reference", reference).executeUpdate());
    }

    @Override
    public List<Image> byRegistry(String registry) {
        if (registry == null) {
            return List.of();
        }
        return tx.read(em -> em.createQuery(BY_REGISTRY, ImageEntity.class).setParameter("registry", registry)
                .getResultList().stream().map(e -> detached(em, e)).toList());
    }

    /**
     * Images matching the query: {@code registry} and {@code architecture} exactly, {@code name} as a
     * case-insensitive part of the reference. Sorted by {@code reference} (default) or {@code scanned_at},
     * then by reference.
     */
    @Override
    public Page<Image> list(ImageQuery query, PageRequest page) {
        ImageQuery q = query == null ? ImageQuery.ALL : query;
        return tx.read(em -> Lists.page(em, ImageEntity.class, where -> {
            if (q.registry() != null) {
                where.equal("registry", q.registry());
            }
            if (Columns.given(q.name())) {
                where.contains("reference", q.name());
            }
            if (q.architecture() != null) {
                where.equal("architecture", q.architecture());
            }
        }, SORTING, page, rows -> rows.stream().map(e -> detached(em, e)).toList()));
    }

    private static Image detached(EntityManager em, ImageEntity e) {
        em.detach(e);
        return record(e);
    }

    private static void copy(Image i, ImageEntity e) {
        e.registry = Columns.checkLength(i.registry(), MAX_NAME, "registry");
        e.namespace = Columns.checkLength(i.namespace(), MAX_NAME, "namespace");
        e.name = Columns.checkLength(i.name(), MAX_NAME, "name");
        e.tag = Columns.checkLength(i.tag(), MAX_TAG, "tag");
        e.architecture = Columns.checkLength(i.architecture(), MAX_TEXT, "architecture");
        e.digest = Columns.checkLength(i.digest(), MAX_DIGEST, "digest");
        e.sizeBytes = i.sizeBytes();
        e.baseDistro = Columns.checkLength(i.baseDistro(), MAX_TEXT, "base_distro");
        e.minResources = Columns.slotsText(i.minResources(), "min_resources");
        e.maxResources = Columns.slotsText(i.maxResources(), "max_resources");
        e.labels = Columns.stringMapText(i.labels(), Columns.MAX_LIST_CHARS, "labels");
        e.apps = Columns.appsText(i.apps(), Columns.MAX_LIST_CHARS, "apps");
        e.installedOn = Columns.stringListText(i.installedOn(), Columns.MAX_LIST_CHARS, "installed_on");
        e.scannedAt = Columns.timestamp(i.scannedAt());
        e.modifiedAt = Columns.timestamp(i.modifiedAt());
    }

    static Image record(ImageEntity e) {
        return new Image(e.reference, e.registry, e.namespace, e.name, e.tag, e.architecture, e.digest, e.sizeBytes,
                e.baseDistro, Columns.slots(e.minResources), Columns.slots(e.maxResources), Columns.stringMap(e.labels),
                Columns.apps(e.apps), Columns.stringList(e.installedOn), Columns.instant(e.scannedAt),
                Columns.instant(e.modifiedAt));
    }
}

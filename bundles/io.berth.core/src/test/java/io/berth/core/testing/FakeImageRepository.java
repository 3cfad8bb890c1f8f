package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import io.berth.core.repo.ImageRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Images by reference. */
public final class FakeImageRepository extends FakeTable<Image> implements ImageRepository {
    public FakeImageRepository(FakeUnitOfWork tx) {
        super("images", tx);
    }

    @Override
    public Optional<Image> find(String reference) {
        return Optional.ofNullable(get(reference));
    }

    @Override
    public void upsert(Image image) {
        write(get(image.reference()) == null ? "insert" : "update", image.reference(), image);
    }

    @Override
    public void delete(String reference) {
        if (get(reference) != null) {
            write("delete", reference, null);
        }
    }

    @Override
    public List<Image> byRegistry(String registry) {
        return all().filter(i -> i.registry().equals(registry)).sorted(Comparator.comparing(Image::reference))
                .toList();
    }

    @Override
    public Page<Image> list(ImageQuery q, PageRequest page) {
        Comparator<Image> order = "scanned_at".equals(page.orderBy())
                ? Comparator.comparing(Image::scannedAt).thenComparing(Image::reference)
                : Comparator.comparing(Image::reference);
        return page(all().filter(i -> q.registry() == null || i.registry().equals(q.registry()))
                .filter(i -> contains(i.reference(), q.name()))
                .filter(i -> q.architecture() == null || i.architecture().equals(q.architecture())), order, page);
    }
}

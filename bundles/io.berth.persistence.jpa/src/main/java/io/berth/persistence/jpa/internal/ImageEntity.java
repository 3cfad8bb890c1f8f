package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code images}; see {@link io.berth.core.image.Image}. Slot maps, labels, apps and the agents the
 * image is installed on are JSON text ({@link Columns}). Rows go with their registry (foreign key with
 * {@code ON DELETE CASCADE}); {@link JpaImageRepository} never keeps one managed, so such a delete cannot
 * leave a stale copy in a persistence context.
 */
@Entity
@Table(name = "images")
class ImageEntity {
    @Id
    @Column(name = "reference")
    String reference;

    @Column(name = "registry")
    String registry;

    @Column(name = "namespace")
    String namespace;

    @Column(name = "name")
    String name;

    @Column(name = "tag")
    String tag;

    @Column(name = "architecture")
    String architecture;

    @Column(name = "digest")
    String digest;

    @Column(name = "size_bytes")
    long sizeBytes;

    @Column(name = "base_distro")
    String baseDistro;

    @Column(name = "min_resources")
    String minResources;

    @Column(name = "max_resources")
    String maxResources;

    @Column(name = "labels")
    String labels;

    @Column(name = "apps")
    String apps;

    @Column(name = "installed_on")
    String installedOn;

    @Column(name = "scanned_at")
    Timestamp scannedAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ImageEntity() {
    }

    ImageEntity(String reference) {
        this.reference = reference;
    }
}

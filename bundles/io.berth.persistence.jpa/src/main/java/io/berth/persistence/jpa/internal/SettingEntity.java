package io.berth.persistence.jpa.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code system_settings}: one setting as text by its dotted name. The attribute is {@code text}
 * because {@code VALUE} is a JPQL keyword.
 */
@Entity
@Table(name = "system_settings")
class SettingEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "value")
    String text;

    protected SettingEntity() {
    }

    SettingEntity(String name) {
        this.name = name;
    }
}

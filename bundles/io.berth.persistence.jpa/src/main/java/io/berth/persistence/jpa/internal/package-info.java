/**
 * JPA (EclipseLink) implementation of core's repositories, with the schema created and upgraded by
 * {@link io.berth.persistence.jpa.internal.SchemaMigrator} from versioned SQL scripts. Not exported.
 */
package io.berth.persistence.jpa.internal;

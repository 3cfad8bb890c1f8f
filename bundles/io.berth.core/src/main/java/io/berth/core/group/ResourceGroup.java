package io.berth.core.group;

import java.time.Instant;

/**
 * SPEC A4. The name is the key. {@code scheduler} names a scheduling policy plugin ({@code fifo},
 * {@code lifo}, {@code drf} or any installed one); {@code wsproxyAddress} is a URL or null.
 * A public group may be used by everyone; others by the domains, projects and keypairs it is made
 * available to.
 */
public record ResourceGroup(String name, String description, boolean active, boolean isPublic,
        String wsproxyAddress, String scheduler, SchedulerOptions schedulerOptions, Instant createdAt,
        Instant modifiedAt) {

    public static final String DEFAULT = "default";
}

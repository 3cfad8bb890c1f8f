package io.berth.core.group;

import java.util.List;

/**
 * Create or update input; {@code null} components mean "default" on create and "leave as is" on update.
 * {@code wsproxyAddress} "" clears it; {@code retriesToSkip} −1 clears it (back to the system default).
 */
public record ResourceGroupInput(String name, String description, Boolean active, Boolean isPublic,
        String wsproxyAddress, String scheduler, List<String> allowedSessionTypes, Long pendingTimeout,
        Integer retriesToSkip, String agentSelection) {
}

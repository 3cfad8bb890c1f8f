package io.berth.core.group;

import java.util.Locale;

/** How the dispatcher picks an agent among those that fit (SPEC A4). */
public enum AgentSelection {
    /** The agent with the most free capacity: spreads load. */
    DISPERSED,
    /** The agent with the least free capacity that still fits: packs load. */
    CONCENTRATED,
    /** The next agent in turn. */
    ROUND_ROBIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

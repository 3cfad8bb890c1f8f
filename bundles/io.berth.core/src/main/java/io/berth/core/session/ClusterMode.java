package io.berth.core.session;

import java.util.Locale;

/**
 * How the containers of a cluster session (cluster size &gt; 1) are placed: all on one agent, or over
 * several agents where none has room for all of them.
 */
public enum ClusterMode {
    SINGLE_NODE, MULTI_NODE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code single-node} / {@code multi-node} (any case, {@code _} or {@code -}); {@code null} when unknown. */
    public static ClusterMode fromWire(String s) {
        if (s == null) {
            return null;
        }
        String n = s.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (ClusterMode m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        return null;
    }
}

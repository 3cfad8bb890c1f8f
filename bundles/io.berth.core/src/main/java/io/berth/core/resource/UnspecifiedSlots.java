package io.berth.core.resource;

import io.berth.spi.resource.Amount;

/** What a keypair policy allows in a slot its total resource slots do not name. */
public enum UnspecifiedSlots {
    /** An unnamed slot is limited to zero. */
    LIMITED,
    /** An unnamed slot is unlimited. */
    UNLIMITED;

    public Amount amount() {
        return this == LIMITED ? Amount.ZERO : Amount.INFINITE;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

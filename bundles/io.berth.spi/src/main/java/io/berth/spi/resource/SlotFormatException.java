package io.berth.spi.resource;

/**
 * Thrown when text or a raw value cannot be read as a resource amount or a resource slot map.
 *
 * <p>{@link #getMessage()} is meant for end users: it quotes the offending input and says what
 * would be accepted, but it does not name the slot. Callers that show it should name
 * {@link #slot()} themselves, e.g. {@code "mem: '4x' is not an amount; …"}.
 */
public final class SlotFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The slot the problem belongs to, or {@code null}. */
    private final String slot;

    /**
     * @param slot    the slot whose value is wrong, or {@code null} when the problem is not tied to
     *                one slot
     * @param message the user-facing explanation, without the slot name
     */
    public SlotFormatException(String slot, String message) {
        super(message);
        this.slot = slot;
    }

    /**
     * The slot whose value is wrong.
     *
     * @return the slot name as given by the caller, or {@code null} when the problem is not tied to
     *         one slot
     */
    public String slot() {
        return slot;
    }
}

package io.berth.spi.resource;

/**
 * How the amounts of a resource slot are written and which values are valid. The kind decides how
 * {@link Amount#parse(String, SlotKind, String)} reads user input and how
 * {@link Amount#format(SlotKind)} writes an amount back; the arithmetic is the same for all kinds.
 */
public enum SlotKind {

    /**
     * A divisible quantity written as a plain decimal without a unit, with at most six decimal
     * places, e.g. {@code cpu=0.5} or {@code cuda.shares=0.25}.
     */
    COUNT,

    /**
     * A number of bytes: a whole number, optionally written with a binary unit suffix
     * ({@code k m g t p e}, i.e. 2<sup>10</sup> … 2<sup>60</sup>, optionally followed by
     * {@code b} or {@code ib}), e.g. {@code mem=8g}, {@code mem=512MiB} or {@code mem=4096}.
     */
    BYTES,

    /**
     * Whole devices that cannot be shared, e.g. {@code cuda.device=2}: whole numbers only, no
     * unit.
     */
    UNIQUE
}

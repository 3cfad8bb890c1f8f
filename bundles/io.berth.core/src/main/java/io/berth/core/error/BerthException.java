package io.berth.core.error;

/**
 * Base of every rule violation core reports. Each subclass maps to one HTTP status; {@link #field()}
 * names the offending input field when there is one, so clients can point at it.
 */
public abstract class BerthException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    protected BerthException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** HTTP status that best describes this failure. */
    public abstract int status();

    /** Short problem type slug, used to build the problem+json {@code type} URI. */
    public abstract String type();

    /** Human title of the problem type. */
    public abstract String title();

    public String field() {
        return field;
    }

    /** Extra members of the problem document (RFC 9457 extensions), keyed by their JSON names. */
    public java.util.Map<String, Object> extensions() {
        return java.util.Map.of();
    }
}

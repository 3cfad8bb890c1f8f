package io.berth.core.error;

/** Conflict (409). */
public class ConflictException extends BerthException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message, null);
    }

    public ConflictException(String message, String field) {
        super(message, field);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String type() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict";
    }
}

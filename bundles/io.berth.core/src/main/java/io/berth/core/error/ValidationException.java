package io.berth.core.error;

/** Invalid input (400). */
public class ValidationException extends BerthException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(message, null);
    }

    public ValidationException(String message, String field) {
        super(message, field);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String type() {
        return "invalid-input";
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}

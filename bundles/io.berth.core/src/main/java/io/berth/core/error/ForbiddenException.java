package io.berth.core.error;

/** Forbidden (403). */
public class ForbiddenException extends BerthException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message, null);
    }

    public ForbiddenException(String message, String field) {
        super(message, field);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String type() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}

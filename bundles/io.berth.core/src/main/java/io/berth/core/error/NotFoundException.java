package io.berth.core.error;

/** Not found (404). */
public class NotFoundException extends BerthException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, String field) {
        super(message, field);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String type() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }
}

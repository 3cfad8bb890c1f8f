package io.berth.core.error;

/** Authentication failed (401). */
public class AuthenticationException extends BerthException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message, null);
    }

    public AuthenticationException(String message, String field) {
        super(message, field);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String type() {
        return "unauthorized";
    }

    @Override
    public String title() {
        return "Authentication failed";
    }
}

package io.berth.core.error;

/** Too many requests or attempts (429); carries the seconds after which a retry may succeed. */
public class TooManyRequestsException extends BerthException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String type() {
        return "too-many-requests";
    }

    @Override
    public String title() {
        return "Too many requests";
    }
}

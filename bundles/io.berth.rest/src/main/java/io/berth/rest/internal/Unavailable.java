package io.berth.rest.internal;

import io.berth.core.error.BerthException;

/** A service an endpoint needs is not running (yet): 503, so that a client tries again later. */
final class Unavailable extends BerthException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
        super(message, null);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "unavailable";
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}

package io.berth.core.identity;

import io.berth.core.error.ValidationException;

/** Offset paging with a sort key and direction. Limits are checked here once for every list. */
public record PageRequest(int offset, int limit, String orderBy, boolean descending) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 20;

    public PageRequest {
        if (offset < 0) {
            throw new ValidationException("offset must be >= 0", "offset");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be between 1 and " + MAX_LIMIT, "limit");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit, null, false);
    }
}

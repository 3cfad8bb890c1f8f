package io.berth.core.error;

import java.util.List;
import java.util.Map;

/** Conflict (409): the object is still referred to; {@link #referrers()} says by what. */
public class ReferencedException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final List<String> referrers;
    private final long total;

    /**
     * @param referrers a sample of what refers to the object, such as {@code keypair AKxxxx}
     * @param total how many referrers there are in all (the sample may be shorter)
     */
    public ReferencedException(String message, List<String> referrers, long total) {
        super(message, null);
        this.referrers = List.copyOf(referrers);
        this.total = total;
    }

    public List<String> referrers() {
        return referrers;
    }

    public long total() {
        return total;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("referrers", referrers, "referrer_count", total);
    }
}

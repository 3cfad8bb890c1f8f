package io.berth.core.repo;

import java.util.List;

/** What refers to an object: a sample of readable names (e.g. {@code keypair AK…}) and the total count. */
public record Referrers(List<String> sample, long total) {
    public static final int SAMPLE = 50;

    public Referrers {
        sample = List.copyOf(sample);
    }

    public boolean isEmpty() {
        return total == 0;
    }
}

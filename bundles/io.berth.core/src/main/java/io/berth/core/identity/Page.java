package io.berth.core.identity;

import java.util.List;
import java.util.function.Function;

/** One page of a list with the total count of matching rows. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), total, offset, limit);
    }
}

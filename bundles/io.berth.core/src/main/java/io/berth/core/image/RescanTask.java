package io.berth.core.image;

import java.time.Instant;
import java.util.List;

/**
 * SPEC I4, Y2: a rescan running in the background, of one registry or all. {@code done} of {@code total}
 * repositories were read so far; {@code outcomes} says per registry what happened (a registry that fails
 * does not stop the others); {@code progress} is the log of the task, newest last.
 */
public record RescanTask(String id, String registry, State state, int done, int total,
        List<RegistryOutcome> outcomes, List<String> progress, Instant startedAt, Instant finishedAt) {

    public enum State {
        RUNNING, DONE, FAILED
    }

    public RescanTask {
        outcomes = List.copyOf(outcomes);
        progress = List.copyOf(progress);
    }

    /** What a rescan did with one registry: images imported or updated, repositories skipped (not for Berth), or the error. */
    public record RegistryOutcome(String registry, boolean ok, int imported, int skipped, String error) {
    }
}

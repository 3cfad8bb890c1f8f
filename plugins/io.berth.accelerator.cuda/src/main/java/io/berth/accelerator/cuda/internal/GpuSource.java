package io.berth.accelerator.cuda.internal;

import java.util.List;
import java.util.Objects;

/** Where GPUs come from: {@link NvidiaSmi} in production, a fixed list in tests. */
interface GpuSource {

    /** Asks the driver once. */
    Result query();

    /**
     * The answer: the GPUs, or why there are none.
     *
     * @param gpus    the GPUs found (empty on failure)
     * @param failure null on success, else a one-line reason for the log
     */
    record Result(List<Gpu> gpus, String failure) {
        public Result {
            gpus = List.copyOf(gpus);
        }

        static Result ok(List<Gpu> gpus) {
            return new Result(gpus, null);
        }

        static Result failed(String reason) {
            return new Result(List.of(), Objects.requireNonNull(reason));
        }
    }
}

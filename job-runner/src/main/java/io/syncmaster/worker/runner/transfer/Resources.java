package io.syncmaster.worker.runner.transfer;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** {@code transfer.resources} (transfer-semantics §3.4), with the API's defaults and bounds. */
public record Resources(int maxParallelTasks, int cpuCoresPerTask, long ramBytesPerTask) {
    public static final Resources DEFAULT = new Resources(1, 1, 1024L * 1024 * 1024);

    public static Resources parse(JsonNode resources) {
        if (resources == null || resources.isNull() || resources.isMissingNode()) {
            return DEFAULT;
        }
        if (!resources.isObject()) {
            throw new RunFailure(FailureSide.SETUP, "transfer.resources must be a JSON object");
        }
        int tasks = (int) number(resources, "max_parallel_tasks", DEFAULT.maxParallelTasks, 1, 100);
        int cores = (int) number(resources, "cpu_cores_per_task", DEFAULT.cpuCoresPerTask, 1, 32);
        long ram = number(resources, "ram_bytes_per_task", DEFAULT.ramBytesPerTask, 1, 68_719_476_736L);
        return new Resources(tasks, cores, ram);
    }

    /** {@code ceil(ram_bytes_per_task / 2^20)}. */
    public long memoryMegabytes() {
        return (ramBytesPerTask + (1L << 20) - 1) >> 20;
    }

    private static long number(JsonNode resources, String key, long defaultValue, long min, long max) {
        JsonNode value = resources.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new RunFailure(FailureSide.SETUP, "transfer.resources." + key + " must be an integer in [" + min + ", " + max
                    + "], got " + value);
        }
        return value.asLong();
    }
}

package io.syncmaster.worker.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SyncMasterFixtures#transfer} inserts. Built with {@link #builder}: group, queue and both connections
 * are required; everything else has the server's defaults (strategy {@code full}, default resources, no
 * transformations, not scheduled, empty description). JSON values are Maps/Lists (insertion order is kept, as
 * Python's {@code json.dumps} keeps dict order) or Jackson nodes.
 */
public final class TransferSpec {

    final long groupId;
    final long queueId;
    final long sourceConnectionId;
    final long targetConnectionId;
    final String name;
    final String description;
    final Object strategyParams;
    final Object sourceParams;
    final Object targetParams;
    final Object transformations;
    final Object resources;
    final boolean scheduled;
    final String schedule;

    private TransferSpec(Builder b) {
        this.groupId = b.groupId;
        this.queueId = b.queueId;
        this.sourceConnectionId = b.sourceConnectionId;
        this.targetConnectionId = b.targetConnectionId;
        this.name = b.name;
        this.description = b.description;
        this.strategyParams = b.strategyParams;
        this.sourceParams = Objects.requireNonNull(b.sourceParams, "sourceParams");
        this.targetParams = Objects.requireNonNull(b.targetParams, "targetParams");
        this.transformations = b.transformations;
        this.resources = b.resources;
        this.scheduled = b.scheduled;
        this.schedule = b.schedule;
    }

    /** A builder for a transfer in {@code groupId} on {@code queueId} between two connections. */
    public static Builder builder(long groupId, long queueId, long sourceConnectionId, long targetConnectionId) {
        return new Builder(groupId, queueId, sourceConnectionId, targetConnectionId);
    }

    /** The server's default {@code resources}: 1 task, 1 core, 1 GiB. */
    public static Map<String, Object> defaultResources() {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("max_parallel_tasks", 1);
        resources.put("cpu_cores_per_task", 1);
        resources.put("ram_bytes_per_task", 1073741824L);
        return resources;
    }

    /** {@code {"type": <type>, "table_name": <table>}}: DB source/target params. */
    public static Map<String, Object> tableParams(String type, String tableName) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("table_name", tableName);
        return params;
    }

    /** Fluent construction; {@link #sourceParams} and {@link #targetParams} are required. */
    public static final class Builder {
        private final long groupId;
        private final long queueId;
        private final long sourceConnectionId;
        private final long targetConnectionId;
        private String name;
        private String description = "";
        private Object strategyParams = Map.of("type", "full");
        private Object sourceParams;
        private Object targetParams;
        private Object transformations = List.of();
        private Object resources = defaultResources();
        private boolean scheduled;
        private String schedule = "";

        private Builder(long groupId, long queueId, long sourceConnectionId, long targetConnectionId) {
            this.groupId = groupId;
            this.queueId = queueId;
            this.sourceConnectionId = sourceConnectionId;
            this.targetConnectionId = targetConnectionId;
        }

        /** Default: {@code transfer_<random>}. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder description(String value) {
            this.description = Objects.requireNonNull(value);
            return this;
        }

        public Builder strategyParams(Object value) {
            this.strategyParams = Objects.requireNonNull(value);
            return this;
        }

        public Builder sourceParams(Object value) {
            this.sourceParams = Objects.requireNonNull(value);
            return this;
        }

        public Builder targetParams(Object value) {
            this.targetParams = Objects.requireNonNull(value);
            return this;
        }

        public Builder transformations(Object value) {
            this.transformations = Objects.requireNonNull(value);
            return this;
        }

        public Builder resources(Object value) {
            this.resources = Objects.requireNonNull(value);
            return this;
        }

        /** Scheduled with a cron expression. */
        public Builder schedule(String cron) {
            this.scheduled = true;
            this.schedule = Objects.requireNonNull(cron);
            return this;
        }

        public TransferSpec build() {
            return new TransferSpec(this);
        }
    }
}

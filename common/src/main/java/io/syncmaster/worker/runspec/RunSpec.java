package io.syncmaster.worker.runspec;

import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run's job-runner needs, and nothing more (design §9): the run, its transfer, the group name, both
 * connections with their credentials already decrypted, the base Spark configuration and, only for runs that need
 * it, the HWM store's credentials. The operator (or the standalone worker) builds it from SyncMaster's database, so
 * a run pod never holds the database URL or the Fernet key that would open every tenant's credentials.
 *
 * <p>Serialised by {@link RunSpecCodec}. {@link #toString()} shows ids and setting names only, never a value.
 *
 * @param context                   run, transfer, group name and both connections (decrypted)
 * @param sparkSessionDefaultConfig {@code worker.spark_session_default_config} (may hold credentials)
 * @param hwmStore                  the HWM store's credentials, or null when this run needs none
 */
public record RunSpec(RunContext context, Map<String, String> sparkSessionDefaultConfig, HwmStoreAccess hwmStore) {

    /** Version of the JSON layout ({@code "version"} in the document); a job-runner refuses any other. */
    public static final int VERSION = 1;

    public RunSpec {
        Objects.requireNonNull(context, "context");
        sparkSessionDefaultConfig = Map.copyOf(sparkSessionDefaultConfig);
    }

    public long runId() {
        return context.run().id();
    }

    public Optional<HwmStoreAccess> hwmStoreAccess() {
        return Optional.ofNullable(hwmStore);
    }

    @Override
    public String toString() {
        ConnectionDetails source = context.source();
        ConnectionDetails target = context.target();
        return "RunSpec[run=" + context.run().id() + ", transfer=" + context.transfer().id() + ", source=" + source
                + ", target=" + target + ", sparkSessionDefaultConfig keys=" + sparkSessionDefaultConfig.keySet()
                + ", hwmStore=" + (hwmStore == null ? "<none>" : "<redacted>") + "]";
    }
}

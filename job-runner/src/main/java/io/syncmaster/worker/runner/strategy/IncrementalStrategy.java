package io.syncmaster.worker.runner.strategy;

import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.ColumnRange;
import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.WindowedSource;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.hwm.Hwm;
import io.syncmaster.worker.runner.hwm.HwmStore;
import io.syncmaster.worker.runner.hwm.HwmType;
import io.syncmaster.worker.runner.hwm.HwmValue;
import io.syncmaster.worker.runner.transfer.TransferStrategy;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Strategy incremental by a column of a database source (transfer-semantics §3.3, §4.6; onETL's
 * IncrementalStrategy over DBReader):
 * <ol>
 * <li>read the stored HWM; check its entity and type against the source (a different stored type or entity fails,
 *     as upstream, unless the stored HWM has no value: then nothing depends on it and it is taken over);</li>
 * <li>measure MIN/MAX of the column with one aggregate query over the rows at or above the HWM (no second scan);</li>
 * <li>no stored value: read everything up to MAX and replace the target; a stored value {@code v}: read
 *     {@code (v, MAX]} and append; no row at or above {@code v}, or MAX = {@code v}: read and write nothing;</li>
 * <li>save the HWM as MAX only after the target write committed ({@link #succeeded}).</li>
 * </ol>
 * Before reading, the HWM is written once unchanged (created without a value on a first run): a store that is down
 * or a user without the DEVELOPER role fails the run before any row moves, not after the append committed.
 * A failure between the committed append and the save leaves the HWM where it was, so the next run reads the same
 * window again: the rows of that one window can be duplicated, none is lost (docs/incremental.md).
 */
public final class IncrementalStrategy implements TransferStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalStrategy.class);

    private final HwmStore store;
    private final HwmIdentity identity;
    private final String column;
    private Hwm pending;
    private String window;

    /** @param column {@code increment_by} as the user wrote it */
    public IncrementalStrategy(HwmStore store, HwmIdentity identity, String column) {
        this.store = store;
        this.identity = identity;
        this.column = column;
    }

    @Override
    public Decision begin(RunEnvironment env, Source source, Transformations transformations) {
        if (!(source instanceof WindowedSource windowed)) {
            throw new RunFailure(FailureSide.SETUP, "strategy incremental by column '" + column + "' is not supported for "
                    + source.describe() + " by this job-runner yet");
        }
        String name = identity.name();
        Optional<Hwm> stored = HwmCalls.call("read HWM '" + name + "'", () -> store.get(name));
        stored.ifPresent(this::checkEntity);
        Optional<ColumnValue> from = stored.filter(Hwm::hasValue).map(this::columnValue);
        ColumnRange range = measure(env, windowed, transformations, stored, from);
        HwmType type = HwmType.of(range.kind());
        stored.ifPresent(hwm -> checkType(hwm, type));
        Hwm current = stored.filter(Hwm::hasValue).orElseGet(() -> Hwm.unset(name, type, identity.entity(),
                identity.expression()));
        HwmCalls.run("write HWM '" + name + "' (checked before reading)", () -> store.save(current));

        WriteMode mode = current.hasValue() ? WriteMode.APPEND : WriteMode.REPLACE;
        if (range.isEmpty()) {
            return nothingToRead(source, from, mode);
        }
        HwmValue.Column max;
        try {
            max = new HwmValue.Column(range.max().orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new RunFailure(FailureSide.SOURCE, "the increment column '" + column + "' reaches "
                    + text(range.max().orElseThrow()) + ", but a numeric HWM (column_int) holds integers only, as upstream: "
                    + e.getMessage());
        }
        if (from.isPresent() && max.value().equals(from.get())) {
            return nothingToRead(source, from, mode);
        }
        pending = current.withValue(max);
        window = "(" + from.map(IncrementalStrategy::text).orElse("-inf") + ", " + text(max.value()) + "]";
        LOG.info("Incremental: HWM '{}' {}; reading {} = {} and {} the target", name,
                from.map(v -> "= " + text(v)).orElse("has no value (first run)"), column, window,
                mode == WriteMode.APPEND ? "appending to" : "replacing");
        return new Decision(new ReadScope.ColumnWindow(column, from, Optional.of(max.value())), mode);
    }

    private Decision nothingToRead(Source source, Optional<ColumnValue> from, WriteMode mode) {
        pending = null;
        window = "empty";
        LOG.info("Incremental: no rows in {} above HWM '{}' = {}: nothing to read, the HWM stays", source.describe(),
                identity.name(), from.map(IncrementalStrategy::text).orElse("none"));
        return new Decision(new ReadScope.NoRows(), mode);
    }

    @Override
    public void succeeded(RunEnvironment env, WriteResult result) {
        if (pending == null) {
            return;
        }
        Hwm hwm = pending;
        HwmCalls.saveAfterWrite(store, hwm, result.rowsWritten() + " row(s) of the window " + column + " " + window,
                "this window");
        LOG.info("HWM '{}' saved: {}", hwm.name(), hwm.type().encode(hwm.value()));
    }

    private ColumnRange measure(RunEnvironment env, WindowedSource source, Transformations transformations,
            Optional<Hwm> stored, Optional<ColumnValue> from) {
        try {
            return source.range(env, column, transformations, from);
        } catch (RunFailure failure) {
            if (from.isEmpty()) {
                throw failure;
            }
            // a stored value of another type makes the comparison itself fail on some databases: say why
            ColumnRange unbounded;
            try {
                unbounded = source.range(env, column, transformations, Optional.empty());
            } catch (RunFailure again) {
                throw failure;
            }
            checkType(stored.orElseThrow(), HwmType.of(unbounded.kind()));
            throw failure;
        }
    }

    /** A column value as a person reads it: {@code 27}, {@code 2024-01-31}, {@code 2024-01-31T10:20:30.123456}. */
    static String text(ColumnValue value) {
        if (value instanceof ColumnValue.Number number) {
            return number.value().toPlainString();
        }
        if (value instanceof ColumnValue.Date date) {
            return date.value().toString();
        }
        return ((ColumnValue.Timestamp) value).value().toString();
    }

    private ColumnValue columnValue(Hwm hwm) {
        if (!(hwm.value().orElseThrow() instanceof HwmValue.Column value)) {
            throw typeMismatch(hwm, "a column HWM");
        }
        return value.value();
    }

    private void checkType(Hwm stored, HwmType columnType) {
        if (stored.hasValue() && stored.type() != columnType) {
            throw typeMismatch(stored, columnType.typeName());
        }
    }

    private RunFailure typeMismatch(Hwm stored, String wanted) {
        return new RunFailure(FailureSide.SETUP, "HWM '" + stored.name() + "' in the HWM store is " + stored.type().typeName()
                + " = " + stored.type().encode(stored.value()) + ", but the increment column '" + column
                + "' now needs " + wanted + " (its type changed since the last run). Run the transfer once with strategy"
                + " full (it resets the HWM) before switching back to incremental");
    }

    private void checkEntity(Hwm stored) {
        if (stored.hasValue() && stored.entity() != null && !Objects.equals(stored.entity(), identity.entity())) {
            throw new RunFailure(FailureSide.SETUP, "HWM '" + stored.name() + "' in the HWM store belongs to '" + stored.entity()
                    + "', not to the source '" + identity.entity() + "'. Run the transfer once with strategy full to reset it");
        }
        if (stored.hasValue() && !Objects.equals(stored.expression(), identity.expression())) {
            LOG.warn("HWM '{}' was computed from {} and is now computed from {}", stored.name(), stored.expression(),
                    identity.expression());
        }
    }
}

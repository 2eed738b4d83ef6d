package io.syncmaster.worker.runner.hwm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One high-water mark as SyncMaster keeps it (etl-entities' serialized form, hwm-contract §1.7).
 *
 * @param name        {@code <transfer id>_<source type>_<table or directory as entered>} (§1.9)
 * @param type        the etl-entities class
 * @param entity      the source table, or the directory for file HWMs (no trailing slash)
 * @param expression  the quoted increment column, null for file HWMs
 * @param description always {@code ""} in SyncMaster
 * @param value       empty when unset or reset
 * @param changedAt   Horizon's {@code changed_at} of the stored row; null for an HWM not read from a store
 */
public record Hwm(String name, HwmType type, String entity, String expression, String description,
        Optional<HwmValue> value, Instant changedAt) {

    public Hwm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        description = description == null ? "" : description;
        if (value.isPresent() && value.get().type() != type) {
            throw new IllegalArgumentException("HWM '" + name + "' is " + type.typeName() + " but its value is "
                    + value.get().type().typeName());
        }
    }

    /** A new HWM that has no value yet. */
    public static Hwm unset(String name, HwmType type, String entity, String expression) {
        return new Hwm(name, type, entity, expression, "", Optional.empty(), null);
    }

    /**
     * Whether a previous run left a value: the run then reads only what is newer and appends. An empty file list
     * (what a reset leaves) counts as none. Unlike Python's truthiness, a column value of 0 counts as a value.
     */
    public boolean hasValue() {
        return value.isPresent() && !(value.get() instanceof HwmValue.FileList list && list.paths().isEmpty());
    }

    public Hwm withValue(HwmValue newValue) {
        return new Hwm(name, type, entity, expression, description, Optional.of(newValue), changedAt);
    }

    /** The value etl-entities' {@code reset()} leaves (null, or {@code []} for file lists); the type stays. */
    public Hwm reset() {
        return new Hwm(name, type, entity, expression, description, type.resetValue(), changedAt);
    }
}

package io.syncmaster.worker.runner.hwm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import io.syncmaster.worker.runner.connector.ColumnValue;

/**
 * The HWM types SyncMaster stores, with the {@code type} string and the JSON value codec of each exactly as
 * etl-entities 2.6.0 writes and reads them (hwm-contract §1.7). Horizon keeps {@code value} verbatim and never checks
 * it against {@code type}, so every rule of the wire format lives here.
 */
public enum HwmType {
    /** Integral, float, double and decimal columns (onETL maps them all to {@code ColumnIntHWM}). */
    COLUMN_INT("column_int") {
        @Override
        HwmValue decodeValue(JsonNode value, String entity) {
            BigDecimal number;
            if (value.isTextual()) {
                try {
                    number = new BigDecimal(value.asText().trim());
                } catch (NumberFormatException e) {
                    throw invalid(value, "an integer");
                }
            } else if (value.isNumber()) {
                number = value.decimalValue();
            } else {
                throw invalid(value, "an integer");
            }
            try {
                return HwmValue.Column.of(number.toBigIntegerExact());
            } catch (ArithmeticException e) {
                throw invalid(value, "an integer");
            }
        }

        @Override
        JsonNode encodeValue(HwmValue value) {
            return JsonNodeFactory.instance.numberNode(((ColumnValue.Number) column(value)).value().toBigIntegerExact());
        }
    },
    COLUMN_DATE("column_date") {
        @Override
        HwmValue decodeValue(JsonNode value, String entity) {
            if (!value.isTextual()) {
                throw invalid(value, "a date string YYYY-MM-DD");
            }
            try {
                return HwmValue.Column.of(LocalDate.parse(value.asText()));
            } catch (DateTimeParseException e) {
                throw invalid(value, "a date string YYYY-MM-DD");
            }
        }

        @Override
        JsonNode encodeValue(HwmValue value) {
            return JsonNodeFactory.instance.textNode(((ColumnValue.Date) column(value)).value().toString());
        }
    },
    COLUMN_DATETIME("column_datetime") {
        @Override
        HwmValue decodeValue(JsonNode value, String entity) {
            if (!value.isTextual()) {
                throw invalid(value, "an ISO date-time string");
            }
            String text = value.asText();
            try {
                return HwmValue.Column.of(LocalDateTime.parse(text));
            } catch (DateTimeParseException naive) {
                try {
                    // an aware value (never written by SyncMaster itself): its UTC wall time
                    OffsetDateTime aware = OffsetDateTime.parse(text);
                    return HwmValue.Column.of(aware.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
                } catch (DateTimeParseException e) {
                    throw invalid(value, "an ISO date-time string");
                }
            }
        }

        @Override
        JsonNode encodeValue(HwmValue value) {
            return JsonNodeFactory.instance.textNode(pythonIsoFormat(((ColumnValue.Timestamp) column(value)).value()));
        }
    },
    FILE_LIST("file_list") {
        @Override
        HwmValue decodeValue(JsonNode value, String entity) {
            if (!value.isArray()) {
                throw invalid(value, "a JSON array of file paths");
            }
            Set<String> paths = new LinkedHashSet<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw invalid(value, "a JSON array of file paths");
                }
                String path = item.asText();
                if (entity != null && !isUnder(path, entity)) {
                    throw new IllegalArgumentException("file_list path '" + path + "' is not under the HWM's directory '"
                            + entity + "'");
                }
                paths.add(path);
            }
            return new HwmValue.FileList(paths);
        }

        @Override
        JsonNode encodeValue(HwmValue value) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            ((HwmValue.FileList) value).paths().stream().sorted().forEach(array::add);
            return array;
        }

        @Override
        Optional<HwmValue> resetValue() {
            return Optional.of(new HwmValue.FileList(Set.of()));
        }
    },
    FILE_MODIFICATION_TIME("file_modification_time") {
        @Override
        HwmValue decodeValue(JsonNode value, String entity) {
            if (value.isNumber()) {
                // pydantic v1 reads an epoch number as UTC
                BigDecimal seconds = value.decimalValue();
                Instant instant = Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
                return new HwmValue.FileModificationTime(instant.atOffset(ZoneOffset.UTC));
            }
            if (!value.isTextual()) {
                throw invalid(value, "an ISO date-time string with an offset");
            }
            String text = value.asText();
            try {
                return new HwmValue.FileModificationTime(OffsetDateTime.parse(text));
            } catch (DateTimeParseException aware) {
                try {
                    return new HwmValue.FileModificationTime(LocalDateTime.parse(text).atOffset(ZoneOffset.UTC));
                } catch (DateTimeParseException e) {
                    throw invalid(value, "an ISO date-time string with an offset");
                }
            }
        }

        @Override
        JsonNode encodeValue(HwmValue value) {
            OffsetDateTime time = ((HwmValue.FileModificationTime) value).value();
            return JsonNodeFactory.instance.textNode(pythonIsoFormat(time.toLocalDateTime()) + "+00:00");
        }
    };

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final String typeName;

    HwmType(String typeName) {
        this.typeName = typeName;
    }

    /** The {@code type} string in Horizon. */
    public String typeName() {
        return typeName;
    }

    /** The column HWM type of a column kind (onETL's SparkTypeToHWM). */
    public static HwmType of(ColumnValue.Kind kind) {
        return switch (kind) {
            case NUMBER -> COLUMN_INT;
            case DATE -> COLUMN_DATE;
            case TIMESTAMP -> COLUMN_DATETIME;
        };
    }

    /** The type named {@code typeName} in Horizon, if this worker knows it. */
    public static Optional<HwmType> fromTypeName(String typeName) {
        for (HwmType type : values()) {
            if (type.typeName.equals(typeName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a stored value. JSON {@code null} (or the string {@code "null"}, which etl-entities also accepts for
     * column_int) is "no value".
     *
     * @param entity the HWM's entity: file paths must lie under it
     * @throws IllegalArgumentException naming what was expected
     */
    public Optional<HwmValue> decode(JsonNode value, String entity) {
        if (value == null || value.isNull() || (this == COLUMN_INT && value.isTextual() && value.asText().equals("null"))) {
            return Optional.empty();
        }
        return Optional.of(decodeValue(value, entity));
    }

    /** The wire form of {@code value}; JSON null for none. */
    public JsonNode encode(Optional<HwmValue> value) {
        if (value.isEmpty()) {
            return NullNode.getInstance();
        }
        if (value.get().type() != this) {
            throw new IllegalArgumentException("a " + value.get().type().typeName + " value cannot be stored in a "
                    + typeName + " HWM");
        }
        return encodeValue(value.get());
    }

    /** What etl-entities' {@code reset()} leaves: null, or an empty list for file_list. */
    Optional<HwmValue> resetValue() {
        return Optional.empty();
    }

    abstract HwmValue decodeValue(JsonNode value, String entity);

    abstract JsonNode encodeValue(HwmValue value);

    IllegalArgumentException invalid(JsonNode value, String expected) {
        String shown = value.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "…";
        }
        return new IllegalArgumentException(typeName + " value " + shown + " is not " + expected);
    }

    private static ColumnValue column(HwmValue value) {
        return ((HwmValue.Column) value).value();
    }

    /** Python's {@code datetime.isoformat()}: microseconds, omitted when zero. */
    static String pythonIsoFormat(LocalDateTime time) {
        String seconds = SECONDS.format(time);
        int micros = time.get(ChronoField.MICRO_OF_SECOND);
        return micros == 0 ? seconds : seconds + String.format(".%06d", micros);
    }

    static boolean isUnder(String path, String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        return path.startsWith(prefix);
    }
}

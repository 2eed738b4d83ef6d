package io.syncmaster.worker.runner.connector.database.postgres;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Encodes Spark rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, backslash escapes), the
 * format that the COPY fast path streams into a PostgreSQL target. Values are written as Spark's JDBC writer would
 * bind them: timestamps as wall-clock time in the JVM's default zone (what {@code setTimestamp} sends), so both
 * paths produce the same table.
 */
public final class CopyTextEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FieldEncoder[] encoders;
    private final String zoneId;
    private transient ZoneId zone;

    private CopyTextEncoder(FieldEncoder[] encoders, String zoneId) {
        this.encoders = encoders;
        this.zoneId = zoneId;
    }

    /** True when every column has a COPY text encoding here; otherwise the caller uses Spark's JDBC writer. */
    public static boolean supports(StructType schema) {
        for (StructField field : schema.fields()) {
            if (encoderFor(field.dataType()) == null) {
                return false;
            }
        }
        return true;
    }

    public static CopyTextEncoder forSchema(StructType schema) {
        StructField[] fields = schema.fields();
        FieldEncoder[] encoders = new FieldEncoder[fields.length];
        for (int i = 0; i < fields.length; i++) {
            encoders[i] = encoderFor(fields[i].dataType());
            if (encoders[i] == null) {
                throw new IllegalArgumentException("no COPY text encoding for column " + fields[i].name() + " of type "
                        + fields[i].dataType().simpleString());
            }
        }
        return new CopyTextEncoder(encoders, ZoneId.systemDefault().getId());
    }

    /** Appends one row, terminated by a newline. */
    void encode(InternalRow row, ByteSink out) {
        if (zone == null) {
            zone = ZoneId.of(zoneId);
        }
        for (int i = 0; i < encoders.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            if (row.isNullAt(i)) {
                out.write('\\');
                out.write('N');
            } else {
                encoders[i].encode(row, i, out, zone);
            }
        }
        out.write('\n');
    }

    @FunctionalInterface
    private interface FieldEncoder extends Serializable {
        void encode(InternalRow row, int ordinal, ByteSink out, ZoneId zone);
    }

    private static FieldEncoder encoderFor(DataType type) {
        if (type instanceof IntegerType) {
            return (row, i, out, zone) -> out.writeAscii(Integer.toString(row.getInt(i)));
        }
        if (type instanceof LongType) {
            return (row, i, out, zone) -> out.writeAscii(Long.toString(row.getLong(i)));
        }
        if (type instanceof ShortType) {
            return (row, i, out, zone) -> out.writeAscii(Short.toString(row.getShort(i)));
        }
        if (type instanceof ByteType) {
            return (row, i, out, zone) -> out.writeAscii(Byte.toString(row.getByte(i)));
        }
        if (type instanceof DoubleType) {
            return (row, i, out, zone) -> out.writeAscii(Double.toString(row.getDouble(i)));
        }
        if (type instanceof FloatType) {
            return (row, i, out, zone) -> out.writeAscii(Float.toString(row.getFloat(i)));
        }
        if (type instanceof BooleanType) {
            return (row, i, out, zone) -> out.write(row.getBoolean(i) ? 't' : 'f');
        }
        if (type instanceof DecimalType decimal) {
            int precision = decimal.precision();
            int scale = decimal.scale();
            return (row, i, out, zone) -> out.writeAscii(row.getDecimal(i, precision, scale).toJavaBigDecimal().toPlainString());
        }
        if (type instanceof StringType) {
            return (row, i, out, zone) -> out.writeEscaped(row.getUTF8String(i).getBytes());
        }
        if (type instanceof BinaryType) {
            return (row, i, out, zone) -> {
                byte[] value = row.getBinary(i);
                out.write('\\');
                out.write('\\');
                out.write('x');
                for (byte b : value) {
                    out.write(Character.forDigit((b >> 4) & 0xF, 16));
                    out.write(Character.forDigit(b & 0xF, 16));
                }
            };
        }
        if (type instanceof DateType) {
            return (row, i, out, zone) -> writeDate(LocalDate.ofEpochDay(row.getInt(i)), out, true);
        }
        if (type instanceof TimestampType) {
            return (row, i, out, zone) -> {
                long micros = row.getLong(i);
                Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
                writeTimestamp(LocalDateTime.ofInstant(instant, zone), out);
            };
        }
        if (type instanceof TimestampNTZType) {
            return (row, i, out, zone) -> {
                long micros = row.getLong(i);
                writeTimestamp(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) (Math.floorMod(micros, 1_000_000L) * 1000L), ZoneOffset.UTC), out);
            };
        }
        return null;
    }

    /** ISO date; years before 1 AD are written the PostgreSQL way ({@code 0044-03-15 BC}). */
    private static void writeDate(LocalDate date, ByteSink out, boolean withEra) {
        int year = date.getYear();
        out.writePadded(year > 0 ? year : 1L - year, 4);
        out.write('-');
        out.writePadded(date.getMonthValue(), 2);
        out.write('-');
        out.writePadded(date.getDayOfMonth(), 2);
        if (withEra && year <= 0) {
            out.writeAscii(" BC");
        }
    }

    private static void writeTimestamp(LocalDateTime value, ByteSink out) {
        writeDate(value.toLocalDate(), out, false);
        out.write(' ');
        out.writePadded(value.getHour(), 2);
        out.write(':');
        out.writePadded(value.getMinute(), 2);
        out.write(':');
        out.writePadded(value.getSecond(), 2);
        int micros = value.getNano() / 1000;
        if (micros != 0) {
            out.write('.');
            out.writePadded(micros, 6);
        }
        if (value.getYear() <= 0) {
            out.writeAscii(" BC");
        }
    }

}

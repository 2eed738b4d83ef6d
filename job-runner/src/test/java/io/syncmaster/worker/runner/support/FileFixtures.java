package io.syncmaster.worker.runner.support;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.support.People.Person;

/**
 * The §6.1 data set as Spark sees it, stored file formats as upstream's tests write them (CSV/JSON/XML with a
 * microsecond {@code timestampFormat} extra key, XML row tag {@code item}), and the file-name check of §6.1.
 */
public final class FileFixtures {
    /** What the CSV, JSON and XML fixtures carry so that timestamps keep their microseconds. */
    public static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";
    /** The run every file test writes as: created 2026-01-27 10:15:03 UTC. */
    public static final OffsetDateTime RUN_CREATED_AT = OffsetDateTime.of(2026, 1, 27, 10, 15, 3, 0, ZoneOffset.UTC);

    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("ID", DataTypes.IntegerType, true),
            DataTypes.createStructField("PHONE_NUMBER", DataTypes.StringType, true),
            DataTypes.createStructField("REGION", DataTypes.StringType, true),
            DataTypes.createStructField("NUMBER", DataTypes.IntegerType, true),
            DataTypes.createStructField("BIRTH_DATE", DataTypes.DateType, true),
            DataTypes.createStructField("REGISTERED_AT", DataTypes.TimestampType, true),
            DataTypes.createStructField("ACCOUNT_BALANCE", DataTypes.DoubleType, true)));

    private FileFixtures() {
    }

    /** The 27 people as a DataFrame with the source table's types. */
    public static Dataset<Row> people(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (Person p : People.all()) {
            rows.add(RowFactory.create(p.id(), p.phone(), p.region(), p.number(), Date.valueOf(p.birthDate()),
                    Timestamp.valueOf(p.registeredAt()), p.balance()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The people as one JSON array (the read-only {@code json} format), timestamps with microseconds. */
    public static byte[] peopleJsonArray() {
        DateTimeFormatter ts = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
        ArrayNode array = Plans.JSON.createArrayNode();
        for (Person p : People.all()) {
            ObjectNode o = array.addObject();
            o.put("ID", p.id()).put("PHONE_NUMBER", p.phone()).put("REGION", p.region()).put("NUMBER", p.number())
                    .put("BIRTH_DATE", p.birthDate().toString()).put("REGISTERED_AT", ts.format(p.registeredAt()))
                    .put("ACCOUNT_BALANCE", p.balance());
        }
        return array.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A stored {@code file_format} object. */
    public static ObjectNode format(String json) {
        return (ObjectNode) Plans.json(json);
    }

    public static ObjectNode sourceParams(String type, String directory, ObjectNode format, boolean withSchema) {
        ObjectNode params = Plans.JSON.createObjectNode().put("type", type).put("directory_path", directory);
        params.set("file_format", format);
        params.putObject("options");
        if (withSchema) {
            params.put("df_schema", SCHEMA.json());
        }
        return params;
    }

    public static ObjectNode targetParams(String type, String directory, ObjectNode format) {
        ObjectNode params = Plans.JSON.createObjectNode().put("type", type).put("directory_path", directory);
        params.set("file_format", format);
        params.put("file_name_template", "{run_created_at}-{index}.{extension}");
        params.putObject("options");
        return params;
    }

    /**
     * The file-name check of transfer-semantics §6.1: the name split on '-' gives the run's creation time (6
     * '_'-separated parts) and {@code <index>.<extension>}.
     */
    public static boolean nameMatches(String fileName, int index, String extension) {
        String[] parts = fileName.split("-", 2);
        return parts.length == 2 && parts[0].equals("2026_01_27_10_15_03") && parts[0].split("_").length == 6
                && parts[1].equals(index + "." + extension);
    }

    /**
     * Rows as column → value maps with the values of {@link TableContent} (long, double, LocalDate,
     * LocalDateTime, text), sorted by {@code orderBy}, keys lower-cased.
     */
    public static List<Map<String, Object>> rows(Dataset<Row> data, String orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] columns = data.columns();
        for (Row row : data.collectAsList()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                Object v = row.get(i);
                if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    v = ((Number) v).longValue();
                } else if (v instanceof Float f) {
                    v = f.doubleValue();
                } else if (v instanceof java.math.BigDecimal d) {
                    v = d.doubleValue();
                } else if (v instanceof Date d) {
                    v = d.toLocalDate();
                } else if (v instanceof Timestamp t) {
                    v = t.toLocalDateTime();
                } else if (v instanceof java.time.Instant instant) {
                    v = LocalDateTime.ofInstant(instant, java.time.ZoneId.systemDefault());
                }
                map.put(columns[i].toLowerCase(java.util.Locale.ROOT), v);
            }
            rows.add(map);
        }
        rows.sort(Comparator.comparing(r -> (Long) r.get(orderBy)));
        return rows;
    }
}

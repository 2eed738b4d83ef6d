package io.syncmaster.worker.runner.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Excel through Apache POI on the driver. Writing streams: {@code toLocalIterator} fetches one partition at a time
 * and SXSSF keeps 100 rows in memory, starting a new file when a sheet is full. Reading loads one workbook at a
 * time (POI's usermodel), so a very large .xlsx needs driver memory of a few times its size (docs/files.md).
 * Timestamps are Excel serial numbers: millisecond precision, as with upstream's spark-excel.
 */
public final class PoiExcelEngine implements ExcelEngine {
    private static final int ROWS_IN_MEMORY = 100;

    @Override
    public Dataset<Row> read(SparkSession spark, List<String> files, Optional<StructType> schema, ExcelLayout layout) {
        Configuration conf = spark.sessionState().newHadoopConf();
        List<String> header = new ArrayList<>();
        List<List<Object>> cells = new ArrayList<>();
        for (String file : files) {
            readFile(conf, file, layout, header, cells);
        }
        ZoneId zone = ZoneId.of(spark.sessionState().conf().sessionLocalTimeZone());
        StructType resolved = schema.orElseGet(() -> infer(header, cells));
        List<Row> rows = new ArrayList<>(cells.size());
        for (List<Object> values : cells) {
            Object[] row = new Object[resolved.size()];
            for (int i = 0; i < row.length; i++) {
                StructField field = resolved.fields()[i];
                row[i] = convert(i < values.size() ? values.get(i) : null, field, zone);
            }
            rows.add(RowFactory.create(row));
        }
        return spark.createDataFrame(rows, resolved);
    }

    /** Appends the file's data rows to {@code cells}; the first file with a header row names the columns. */
    private static void readFile(Configuration conf, String file, ExcelLayout layout, List<String> header, List<List<Object>> cells) {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(conf).open(path); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = layout.sheet().map(workbook::getSheet).orElseGet(() -> workbook.getSheetAt(0));
            if (sheet == null) {
                throw new RunFailure(FailureSide.SOURCE, "the Excel file " + path.getName() + " has no sheet '"
                        + layout.sheet().orElse("") + "' (file_format.start_cell)");
            }
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            boolean headerRow = layout.header();
            for (int r = layout.firstRow(); r <= sheet.getLastRowNum(); r++) {
                org.apache.poi.ss.usermodel.Row row = sheet.getRow(r);
                List<Object> values = new ArrayList<>();
                if (row != null) {
                    for (int c = layout.firstColumn(); c < Math.max(row.getLastCellNum(), layout.firstColumn()); c++) {
                        values.add(value(row.getCell(c), formatter));
                    }
                }
                if (headerRow) {
                    headerRow = false;
                    if (header.isEmpty()) {
                        values.forEach(v -> header.add(v == null ? "_c" + header.size() : v.toString()));
                    }
                    continue;
                }
                if (values.stream().allMatch(v -> v == null)) {
                    continue;
                }
                cells.add(values);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RunFailure failure) {
                throw failure;
            }
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot read the Excel file " + path, e);
        }
    }

    /** A cell as String, Boolean, Double or (date-formatted numbers) LocalDateTime; null when blank. */
    private static Object value(Cell cell, DataFormatter formatter) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue() : cell.getNumericCellValue();
            case BOOLEAN -> cell.getBooleanCellValue();
            case STRING -> cell.getStringCellValue();
            case BLANK, _NONE -> null;
            default -> formatter.formatCellValue(cell);
        };
    }

    /** Column types from the cells: int, bigint, double, boolean, timestamp if every value fits, else string. */
    private static StructType infer(List<String> header, List<List<Object>> cells) {
        int width = header.size();
        for (List<Object> row : cells) {
            width = Math.max(width, row.size());
        }
        StructField[] fields = new StructField[width];
        for (int c = 0; c < width; c++) {
            boolean ints = true;
            boolean longs = true;
            boolean numbers = true;
            boolean booleans = true;
            boolean timestamps = true;
            boolean any = false;
            for (List<Object> row : cells) {
                Object v = c < row.size() ? row.get(c) : null;
                if (v == null) {
                    continue;
                }
                any = true;
                boolean integral = v instanceof Double d && d == Math.rint(d) && !d.isInfinite();
                ints &= integral && (Double) v >= Integer.MIN_VALUE && (Double) v <= Integer.MAX_VALUE;
                longs &= integral && Math.abs((Double) v) < 9.007199254740992E15;
                numbers &= v instanceof Double;
                booleans &= v instanceof Boolean;
                timestamps &= v instanceof LocalDateTime;
            }
            DataType type = !any ? DataTypes.StringType : ints ? DataTypes.IntegerType : longs ? DataTypes.LongType
                    : numbers ? DataTypes.DoubleType : booleans ? DataTypes.BooleanType
                    : timestamps ? DataTypes.TimestampType : DataTypes.StringType;
            String name = c < header.size() ? header.get(c) : "_c" + c;
            fields[c] = DataTypes.createStructField(name, type, true);
        }
        return DataTypes.createStructType(fields);
    }

    /** One cell value as the Java object Spark expects for {@code field}'s type. */
    private static Object convert(Object v, StructField field, ZoneId zone) {
        if (v == null) {
            return null;
        }
        DataType type = field.dataType();
        try {
            if (type.equals(DataTypes.StringType)) {
                return text(v);
            }
            if (type.equals(DataTypes.IntegerType)) {
                return v instanceof Double d ? (Object) (int) Math.round(d) : (Object) Integer.parseInt(text(v).strip());
            }
            if (type.equals(DataTypes.LongType)) {
                return v instanceof Double d ? (Object) Math.round(d) : (Object) Long.parseLong(text(v).strip());
            }
            if (type.equals(DataTypes.ShortType)) {
                return v instanceof Double d ? (Object) (short) Math.round(d) : (Object) Short.parseShort(text(v).strip());
            }
            if (type.equals(DataTypes.ByteType)) {
                return v instanceof Double d ? (Object) (byte) Math.round(d) : (Object) Byte.parseByte(text(v).strip());
            }
            if (type.equals(DataTypes.DoubleType)) {
                return v instanceof Double d ? d : Double.parseDouble(text(v).strip());
            }
            if (type.equals(DataTypes.FloatType)) {
                return v instanceof Double d ? (Object) d.floatValue() : (Object) Float.parseFloat(text(v).strip());
            }
            if (type instanceof DecimalType) {
                return v instanceof Double d ? BigDecimal.valueOf(d) : new BigDecimal(text(v).strip());
            }
            if (type.equals(DataTypes.BooleanType)) {
                return v instanceof Boolean b ? b : Boolean.parseBoolean(text(v).strip());
            }
            if (type.equals(DataTypes.DateType)) {
                LocalDate date = v instanceof LocalDateTime t ? t.toLocalDate() : LocalDate.parse(text(v).strip());
                return java.sql.Date.valueOf(date);
            }
            if (type.equals(DataTypes.TimestampType)) {
                LocalDateTime time = v instanceof LocalDateTime t ? t : LocalDateTime.parse(text(v).strip().replace(' ', 'T'));
                return java.sql.Timestamp.from(time.atZone(zone).toInstant());
            }
            if (type.equals(DataTypes.TimestampNTZType)) {
                return v instanceof LocalDateTime t ? t : LocalDateTime.parse(text(v).strip().replace(' ', 'T'));
            }
        } catch (RuntimeException e) {
            throw new RunFailure(FailureSide.SOURCE, "Excel cell value '" + text(v) + "' does not fit column "
                    + field.name() + " of type " + type.simpleString() + " (df_schema)");
        }
        throw new RunFailure(FailureSide.SOURCE, "column " + field.name() + ": type " + type.simpleString()
                + " cannot be read from Excel files");
    }

    private static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    @Override
    public long write(Dataset<Row> data, String directory, ExcelLayout layout) {
        Configuration conf = data.sparkSession().sessionState().newHadoopConf();
        Path dir = new Path(directory);
        ZoneId zone = ZoneId.of(data.sparkSession().sessionState().conf().sessionLocalTimeZone());
        String[] columns = data.columns();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.mkdirs(dir)) {
                throw new IOException("cannot create " + dir);
            }
            Iterator<Row> rows = data.toLocalIterator();
            int fileIndex = 0;
            long written = 0;
            do {
                written += writeFile(fs, new Path(dir, String.format(Locale.ROOT, "part-%05d.xlsx", fileIndex++)), columns, rows,
                        layout, zone);
            } while (rows.hasNext());
            return written;
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot write the Excel file into " + dir, e);
        }
    }

    /** One workbook with up to a sheet's worth of rows from {@code rows}. */
    private static int writeFile(FileSystem fs, Path file, String[] columns, Iterator<Row> rows, ExcelLayout layout, ZoneId zone)
            throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY)) {
            Sheet sheet = workbook.createSheet(layout.sheet().orElse("Sheet1"));
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle timestampStyle = workbook.createCellStyle();
            timestampStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss.000"));
            int r = layout.firstRow();
            if (layout.header()) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r++);
                for (int c = 0; c < columns.length; c++) {
                    row.createCell(layout.firstColumn() + c).setCellValue(columns[c]);
                }
            }
            int n = 0;
            for (; n < layout.dataRowsPerSheet() && rows.hasNext(); n++) {
                Row source = rows.next();
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r++);
                for (int c = 0; c < columns.length; c++) {
                    Object v = source.get(c);
                    if (v != null) {
                        setCell(row.createCell(layout.firstColumn() + c), v, dateStyle, timestampStyle, zone);
                    }
                }
            }
            try (OutputStream out = fs.create(file, false)) {
                workbook.write(out);
            }
            return n;
        }
    }

    private static void setCell(Cell cell, Object v, CellStyle dateStyle, CellStyle timestampStyle, ZoneId zone) {
        if (v instanceof Number number && !(v instanceof BigDecimal)) {
            cell.setCellValue(number.doubleValue());
        } else if (v instanceof BigDecimal decimal) {
            cell.setCellValue(decimal.doubleValue());
        } else if (v instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (v instanceof java.sql.Date date) {
            cell.setCellValue(date.toLocalDate());
            cell.setCellStyle(dateStyle);
        } else if (v instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(dateStyle);
        } else if (v instanceof java.sql.Timestamp ts) {
            cell.setCellValue(LocalDateTime.ofInstant(ts.toInstant(), zone));
            cell.setCellStyle(timestampStyle);
        } else if (v instanceof Instant instant) {
            cell.setCellValue(LocalDateTime.ofInstant(instant, zone));
            cell.setCellStyle(timestampStyle);
        } else if (v instanceof LocalDateTime time) {
            cell.setCellValue(time);
            cell.setCellStyle(timestampStyle);
        } else {
            cell.setCellValue(v.toString());
        }
    }
}

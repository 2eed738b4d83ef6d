package io.syncmaster.worker.runner.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.Plans;

/** The stored format JSON → options and extensions of transfer-semantics §4.1 and §4.3. */
class FileFormatsTest {
    private static FileFormat parse(String json) {
        return FileFormats.parse(Plans.json(json), FailureSide.TARGET, "transfer.target_params.file_format");
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
        "csv, , csv.gz", "csv, none, csv", "csv, gzip, csv.gz", "csv, lz4, csv.lz4", "csv, bzip2, csv.bz2",
        "csv, snappy, csv.snappy", "csv, deflate, csv.deflate",
        "jsonline, , jsonl.gz", "jsonline, none, jsonl", "jsonline, bzip2, jsonl.bz2",
        "orc, , zlib.orc", "orc, none, orc", "orc, snappy, snappy.orc", "orc, lz4, lz4.orc",
        "parquet, , snappy.parquet", "parquet, none, parquet", "parquet, gzip, gz.parquet", "parquet, lz4, lz4hadoop.parquet",
        "excel, , xlsx"})
    void extensions(String type, String compression, String extension) {
        String json = compression == null ? "{\"type\": \"" + type + "\"}"
                : "{\"type\": \"" + type + "\", \"compression\": \"" + compression + "\"}";
        assertThat(parse(json).extension()).isEqualTo(extension);
    }

    @ParameterizedTest(name = "xml {0} → {1}")
    @CsvSource({"none, xml", "gzip, xml.gz", "snappy, xml.snappy", "bzip2, xml.bz2", "lz4, xml.lz4"})
    void xmlExtensions(String compression, String extension) {
        assertThat(parse("{\"type\": \"xml\", \"root_tag\": \"r\", \"row_tag\": \"i\", \"compression\": \"" + compression + "\"}")
                .extension()).isEqualTo(extension);
    }

    @Test
    void csvOptionsMapEveryStoredField() {
        SparkFileFormat csv = (SparkFileFormat) parse("""
                {"type": "csv", "delimiter": ";", "encoding": "cp1251", "quote": "'", "escape": "/",
                 "include_header": true, "line_sep": "\\r\\n", "compression": "lz4", "timestampFormat": "yyyy"}""");
        assertThat(csv.options(csv.writeOnlyOptions(), java.util.Map.of())).containsEntry("sep", ";").containsEntry("encoding", "cp1251")
                .containsEntry("quote", "'").containsEntry("escape", "/").containsEntry("header", "true")
                .containsEntry("lineSep", "\r\n").containsEntry("compression", "lz4").containsEntry("timestampFormat", "yyyy");
        assertThat(csv.options(java.util.Map.of(), java.util.Map.of())).doesNotContainKey("compression");
    }

    @Test
    void jsonAndXmlOptions() {
        SparkFileFormat json = (SparkFileFormat) parse("{\"type\": \"json\", \"compression\": \"gzip\"}");
        assertThat(json.options(json.writeOnlyOptions(), java.util.Map.of())).containsEntry("multiLine", "true")
                .doesNotContainKey("compression");
        SparkFileFormat jsonl = (SparkFileFormat) parse("{\"type\": \"jsonline\"}");
        assertThat(jsonl.options(jsonl.writeOnlyOptions(), java.util.Map.of())).containsEntry("multiLine", "false")
                .containsEntry("compression", "gzip");
        SparkFileFormat xml = (SparkFileFormat) parse("{\"type\": \"xml\", \"root_tag\": \"root\", \"row_tag\": \"item\", \"compression\": \"none\"}");
        assertThat(xml.options(xml.writeOnlyOptions(), java.util.Map.of())).containsEntry("rootTag", "root")
                .containsEntry("rowTag", "item").doesNotContainKey("compression");
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> parse("{\"type\": \"orc\", \"compression\": \"gzip\"}")).isInstanceOf(RunFailure.class)
                .hasMessageContaining("transfer.target_params.file_format.compression").hasMessageContaining("'gzip'");
        assertThatThrownBy(() -> parse("{\"type\": \"avro\"}")).hasMessageContaining("file_format.type 'avro'");
        assertThatThrownBy(() -> parse("{\"type\": \"xml\", \"row_tag\": \"i\"}")).hasMessageContaining("file_format.root_tag is required");
        assertThatThrownBy(() -> parse("{\"type\": \"csv\", \"include_header\": \"yes\"}"))
                .hasMessageContaining("file_format.include_header must be true or false");
        assertThatThrownBy(() -> parse("{\"type\": \"excel\", \"start_cell\": \"not a cell!\"}"))
                .hasMessageContaining("file_format.start_cell");
        assertThatThrownBy(() -> FileFormats.parseWritable(Plans.json("{\"type\": \"json\"}"), FailureSide.TARGET, "f"))
                .hasMessageContaining("can only be read");
    }

    @Test
    void excelStartCell() {
        ExcelLayout layout = ExcelLayout.of(true, "'Data sheet'!C5", FailureSide.SOURCE, "start_cell");
        assertThat(layout.sheet()).hasValue("Data sheet");
        assertThat(layout.firstRow()).isEqualTo(4);
        assertThat(layout.firstColumn()).isEqualTo(2);
        assertThat(ExcelLayout.of(false, null, FailureSide.SOURCE, "start_cell").sheet()).isEmpty();
    }
}

package io.syncmaster.worker.runner.hwm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The value codecs of hwm-contract §1.7 and the rules its §2.2 asks tests to pin down. */
class HwmTypeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void columnIntIsAJsonIntegerOfAnySizeAndAcceptsAnIntegralString() throws Exception {
        BigInteger huge = new BigInteger("9223372036854775807123");
        assertThat(write(HwmType.COLUMN_INT, HwmValue.Column.of(huge))).isEqualTo("9223372036854775807123");
        assertThat(read(HwmType.COLUMN_INT, "9223372036854775807123")).contains(HwmValue.Column.of(huge));
        assertThat(read(HwmType.COLUMN_INT, "\"100\"")).contains(HwmValue.Column.of(100));
        assertThat(read(HwmType.COLUMN_INT, "250.0")).contains(HwmValue.Column.of(250));
        assertThat(read(HwmType.COLUMN_INT, "null")).isEmpty();
        assertThat(read(HwmType.COLUMN_INT, "\"null\"")).isEmpty();
        assertThatThrownBy(() -> read(HwmType.COLUMN_INT, "1.5")).hasMessage("column_int value 1.5 is not an integer");
        assertThatThrownBy(() -> read(HwmType.COLUMN_INT, "\"abc\"")).hasMessageContaining("is not an integer");
    }

    @Test
    void columnDateIsAnIsoDateStringAndRejectsAnInteger() throws Exception {
        assertThat(write(HwmType.COLUMN_DATE, HwmValue.Column.of(LocalDate.of(2024, 1, 31)))).isEqualTo("\"2024-01-31\"");
        assertThat(read(HwmType.COLUMN_DATE, "\"2024-01-31\"")).contains(HwmValue.Column.of(LocalDate.of(2024, 1, 31)));
        assertThatThrownBy(() -> read(HwmType.COLUMN_DATE, "20240131")).hasMessageContaining("is not a date string");
    }

    @Test
    void columnDateTimeHasNoOffsetAndOmitsZeroMicroseconds() throws Exception {
        LocalDateTime micros = LocalDateTime.of(2024, 1, 31, 10, 20, 30, 123_456_000);
        assertThat(write(HwmType.COLUMN_DATETIME, HwmValue.Column.of(micros))).isEqualTo("\"2024-01-31T10:20:30.123456\"");
        assertThat(write(HwmType.COLUMN_DATETIME, HwmValue.Column.of(micros.withNano(0))))
                .isEqualTo("\"2024-01-31T10:20:30\"");
        assertThat(write(HwmType.COLUMN_DATETIME, HwmValue.Column.of(micros.withNano(500_000_000))))
                .isEqualTo("\"2024-01-31T10:20:30.500000\"");
        assertThat(read(HwmType.COLUMN_DATETIME, "\"2024-01-31T10:20:30.123456\"")).contains(HwmValue.Column.of(micros));
        assertThat(read(HwmType.COLUMN_DATETIME, "\"2024-01-31T12:20:30.123456+02:00\""))
                .contains(HwmValue.Column.of(micros));
    }

    @Test
    void fileModificationTimeAlwaysCarriesAnOffset() throws Exception {
        OffsetDateTime time = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 500_000_000, ZoneOffset.UTC);
        assertThat(write(HwmType.FILE_MODIFICATION_TIME, new HwmValue.FileModificationTime(time)))
                .isEqualTo("\"2024-06-01T12:00:00.500000+00:00\"");
        assertThat(write(HwmType.FILE_MODIFICATION_TIME, new HwmValue.FileModificationTime(time.withNano(0))))
                .isEqualTo("\"2024-06-01T12:00:00+00:00\"");
        assertThat(read(HwmType.FILE_MODIFICATION_TIME, "\"2024-06-01T14:00:00.5+02:00\""))
                .contains(new HwmValue.FileModificationTime(time));
        assertThat(read(HwmType.FILE_MODIFICATION_TIME, "1717243200.5")).contains(new HwmValue.FileModificationTime(time));
        assertThat(HwmType.FILE_MODIFICATION_TIME.typeName()).isEqualTo("file_modification_time");
    }

    @Test
    void fileListIsASetOfPathsUnderTheEntity() throws Exception {
        HwmValue.FileList list = (HwmValue.FileList) HwmType.FILE_LIST.decode(
                JSON.readTree("[\"/data/in/sub/b.csv\", \"/data/in/a.csv\"]"), "/data/in").orElseThrow();
        assertThat(list).isEqualTo(new HwmValue.FileList(Set.of("/data/in/a.csv", "/data/in/sub/b.csv")));
        assertThat(write(HwmType.FILE_LIST, list)).isEqualTo("[\"/data/in/a.csv\",\"/data/in/sub/b.csv\"]");
        assertThatThrownBy(() -> HwmType.FILE_LIST.decode(JSON.readTree("[\"/elsewhere/a.csv\"]"), "/data/in"))
                .hasMessage("file_list path '/elsewhere/a.csv' is not under the HWM's directory '/data/in'");
    }

    @Test
    void resetKeepsTheTypeAndLeavesNullOrAnEmptyListAndZeroIsAValue() {
        Hwm column = Hwm.unset("1_postgres_t", HwmType.COLUMN_INT, "t", "\"n\"").withValue(HwmValue.Column.of(0));
        assertThat(column.hasValue()).isTrue();
        assertThat(column.reset().value()).isEmpty();
        assertThat(column.reset().hasValue()).isFalse();
        Hwm files = Hwm.unset("1_sftp_/d", HwmType.FILE_LIST, "/d", null).withValue(new HwmValue.FileList(Set.of("/d/a")));
        assertThat(files.reset().value()).contains(new HwmValue.FileList(Set.of()));
        assertThat(files.reset().hasValue()).isFalse();
        assertThatThrownBy(() -> Hwm.unset("x", HwmType.COLUMN_DATE, "t", "c").withValue(HwmValue.Column.of(1)))
                .hasMessageContaining("is column_date but its value is column_int");
    }

    private static String write(HwmType type, HwmValue value) throws Exception {
        return JSON.writeValueAsString(type.encode(Optional.of(value)));
    }

    private static Optional<HwmValue> read(HwmType type, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return type.decode(node, "t");
    }
}

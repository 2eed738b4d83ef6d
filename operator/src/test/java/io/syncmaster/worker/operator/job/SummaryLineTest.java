package io.syncmaster.worker.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.operator.crd.RunSummary;
import org.junit.jupiter.api.Test;

class SummaryLineTest {
    private static final String LINE = "summary: {\"outcome\":\"succeeded\",\"rows_read\":27,\"rows_written\":25,"
            + "\"bytes_written\":null,\"phases\":{\"read\":1.25,\"write\":2.5}}";

    @Test
    void readsTheJobRunnersLine() {
        RunSummary s = SummaryLine.parse(LINE + "\n").orElseThrow();
        assertThat(s.getRowsRead()).isEqualTo(27);
        assertThat(s.getRowsWritten()).isEqualTo(25);
        assertThat(s.getBytesWritten()).as("null in the line: unknown").isNull();
        assertThat(s.getSeconds()).isEqualTo(3.75);
        assertThat(s.sentence()).isEqualTo("27 rows read, 25 rows written in 3.8 s.");
    }

    @Test
    void findsTheLineAfterAFailureTextAndLeavesTheTextAlone() {
        String message = "Cannot read table public.a: relation does not exist\n"
                + LINE.replace("succeeded", "failed").replace("\"rows_read\":27", "\"rows_read\":null");
        RunSummary s = SummaryLine.parse(message).orElseThrow();
        assertThat(s.getRowsRead()).isNull();
        assertThat(s.getRowsWritten()).isEqualTo(25);
        assertThat(SummaryLine.withoutSummary(message)).isEqualTo("Cannot read table public.a: relation does not exist");
        assertThat(SummaryLine.withoutSummary(LINE)).isNull();
    }

    @Test
    void aMissingOrGarbledLineYieldsNothing() {
        assertThat(SummaryLine.parse(null)).isEmpty();
        assertThat(SummaryLine.parse("")).isEmpty();
        assertThat(SummaryLine.parse("OOMKilled")).isEmpty();
        assertThat(SummaryLine.parse("summary: {not json")).isEmpty();
        assertThat(SummaryLine.parse("summary: [1,2]")).isEmpty();
        // wrong types and negative numbers are unknowns, not errors
        RunSummary odd = SummaryLine.parse("summary: {\"rows_read\":\"many\",\"rows_written\":-1,\"phases\":{\"x\":\"y\"}}").orElseThrow();
        assertThat(odd.getRowsRead()).isNull();
        assertThat(odd.getRowsWritten()).isNull();
        assertThat(odd.getSeconds()).isNull();
        assertThat(odd.sentence()).isEqualTo("No row counts reported.");
    }
}

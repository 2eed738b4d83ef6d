package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the job-runner reported about a finished run (its {@code summary:} line), kept in the TransferRun status so
 * {@code kubectl get tr -o wide} shows how much a run moved without reading its logs. A null count is one the
 * job-runner could not know (e.g. bytes written to a database).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunSummary {
    @JsonPropertyDescription("Rows the job-runner read from the source, when known.")
    private Long rowsRead;
    @JsonPropertyDescription("Rows the job-runner wrote to the target, when known.")
    private Long rowsWritten;
    @JsonPropertyDescription("Bytes written to the target, when known (file targets); absent for databases.")
    private Long bytesWritten;
    @JsonPropertyDescription("Seconds the job-runner spent in its phases (read, write, …) together.")
    private Double seconds;

    public RunSummary() {
    }

    public RunSummary(Long rowsRead, Long rowsWritten, Long bytesWritten, Double seconds) {
        this.rowsRead = rowsRead;
        this.rowsWritten = rowsWritten;
        this.bytesWritten = bytesWritten;
        this.seconds = seconds;
    }

    /** One sentence for an Event's note, e.g. {@code 10 rows read, 10 rows written in 3.2 s.} */
    public String sentence() {
        List<String> parts = new ArrayList<>();
        if (rowsRead != null) {
            parts.add(rowsRead + (rowsRead == 1 ? " row read" : " rows read"));
        }
        if (rowsWritten != null) {
            parts.add(rowsWritten + (rowsWritten == 1 ? " row written" : " rows written"));
        }
        if (bytesWritten != null) {
            parts.add(bytesWritten + " bytes written");
        }
        String text = parts.isEmpty() ? "No row counts reported" : String.join(", ", parts);
        return ConditionText.sentence(seconds == null ? text : text + " in " + String.format(Locale.ROOT, "%.1f s", seconds));
    }

    public Long getRowsRead() {
        return rowsRead;
    }

    public void setRowsRead(Long rowsRead) {
        this.rowsRead = rowsRead;
    }

    public Long getRowsWritten() {
        return rowsWritten;
    }

    public void setRowsWritten(Long rowsWritten) {
        this.rowsWritten = rowsWritten;
    }

    public Long getBytesWritten() {
        return bytesWritten;
    }

    public void setBytesWritten(Long bytesWritten) {
        this.bytesWritten = bytesWritten;
    }

    public Double getSeconds() {
        return seconds;
    }

    public void setSeconds(Double seconds) {
        this.seconds = seconds;
    }
}

package io.syncmaster.worker.runner.format;

import java.util.Optional;

import org.apache.poi.ss.util.CellReference;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Where the table sits in a workbook: an optional sheet name, the top-left cell (from {@code start_cell}, e.g.
 * {@code B3} or {@code 'Data'!B3}; default the first sheet's A1) and whether the first row holds column names.
 */
public record ExcelLayout(boolean header, Optional<String> sheet, int firstRow, int firstColumn) {
    /** Excel's row limit per sheet. */
    public static final int MAX_ROWS = 1_048_576;

    static ExcelLayout of(boolean header, String startCell, FailureSide side, String field) {
        if (startCell == null || startCell.isBlank()) {
            return new ExcelLayout(header, Optional.empty(), 0, 0);
        }
        CellReference reference;
        try {
            reference = new CellReference(startCell.strip());
        } catch (RuntimeException e) {
            throw new RunFailure(side, field + " '" + startCell + "' is not a cell reference such as A1 or 'Sheet1'!B3");
        }
        if (reference.getRow() < 0 || reference.getCol() < 0) {
            throw new RunFailure(side, field + " '" + startCell + "' must name one cell, such as A1 or 'Sheet1'!B3");
        }
        return new ExcelLayout(header, Optional.ofNullable(reference.getSheetName()), reference.getRow(), reference.getCol());
    }

    /** How many data rows fit in one sheet below the start cell (and the header row). */
    int dataRowsPerSheet() {
        return MAX_ROWS - firstRow - (header ? 1 : 0);
    }
}

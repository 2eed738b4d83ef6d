package io.syncmaster.worker.runner.jdbc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How a parallel read is split (transfer-semantics §4.6, issue 11): one WHERE condition per partition over the source
 * table's own columns (ANDed with the row filters and the incremental window), and why this split was chosen. The
 * conditions are disjoint and together cover every row, NULL keys included. Block and key ranges let each partition
 * read only its share; a hash split (upstream's scheme) makes every partition scan the whole table.
 *
 * @param predicates one condition per partition; empty: a single unsplit read
 * @param reason     what was chosen and why, for the log
 */
public record PartitionPlan(List<String> predicates, String reason) {
    public PartitionPlan {
        predicates = List.copyOf(predicates);
    }

    /** One partition, no condition. */
    public static PartitionPlan single(String reason) {
        return new PartitionPlan(List.of(), reason);
    }

    /** {@code COALESCE(hash, 0) = k}: NULL keys land in partition 0. Every partition scans the whole source. */
    public static PartitionPlan hash(String hashExpression, int partitions, String reason) {
        List<String> predicates = new ArrayList<>();
        for (int k = 0; k < partitions; k++) {
            predicates.add("COALESCE(" + hashExpression + ", 0) = " + k);
        }
        return new PartitionPlan(predicates, reason);
    }

    /**
     * Ranges of an integer key over {@code [min, max]}: the first range also takes NULL keys and everything below,
     * the last everything above (rows inserted after the bounds were measured are not lost).
     */
    public static PartitionPlan keyRanges(String quotedKey, BigInteger min, BigInteger max, int partitions, String reason) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        List<String> bounds = new ArrayList<>();
        for (int k = 1; k < partitions; k++) {
            bounds.add(min.add(span.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(partitions))).toString());
        }
        return new PartitionPlan(ranges(quotedKey, bounds, quotedKey + " IS NULL"), reason);
    }

    /**
     * PostgreSQL block ranges: {@code ctid >= '(a,0)' AND ctid < '(b,0)'}, read by a TID range scan (PostgreSQL 14+).
     * The last range is open, so pages added after {@code pages} was measured are still read.
     */
    public static PartitionPlan blockRanges(long pages, int partitions, String reason) {
        List<String> bounds = new ArrayList<>();
        for (int k = 1; k < partitions; k++) {
            bounds.add("'(" + BigInteger.valueOf(pages).multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(partitions)) + ",0)'::tid");
        }
        return new PartitionPlan(ranges("ctid", bounds, null), reason);
    }

    private static List<String> ranges(String key, List<String> bounds, String nullCase) {
        List<String> predicates = new ArrayList<>();
        String first = key + " < " + bounds.get(0);
        predicates.add(nullCase == null ? first : first + " OR " + nullCase);
        for (int k = 1; k < bounds.size(); k++) {
            predicates.add(key + " >= " + bounds.get(k - 1) + " AND " + key + " < " + bounds.get(k));
        }
        predicates.add(key + " >= " + bounds.get(bounds.size() - 1));
        return predicates;
    }

    public int size() {
        return Math.max(1, predicates.size());
    }
}

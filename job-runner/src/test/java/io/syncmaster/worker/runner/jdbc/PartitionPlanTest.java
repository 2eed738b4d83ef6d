package io.syncmaster.worker.runner.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

/** The SQL each partition plan renders: disjoint conditions that together cover every row. */
class PartitionPlanTest {
    @Test
    void blockRangesAreContiguousAndTheLastIsOpen() {
        PartitionPlan plan = PartitionPlan.blockRanges(10, 4, "blocks");

        assertThat(plan.predicates()).containsExactly(
                "ctid < '(2,0)'::tid",
                "ctid >= '(2,0)'::tid AND ctid < '(5,0)'::tid",
                "ctid >= '(5,0)'::tid AND ctid < '(7,0)'::tid",
                "ctid >= '(7,0)'::tid");
        assertThat(plan.size()).isEqualTo(4);
    }

    @Test
    void blockRangesOfAnEmptyTableStillCoverEverything() {
        assertThat(PartitionPlan.blockRanges(0, 2, "blocks").predicates())
                .containsExactly("ctid < '(0,0)'::tid", "ctid >= '(0,0)'::tid");
    }

    @Test
    void keyRangesPutNullKeysInTheFirstPartition() {
        PartitionPlan plan = PartitionPlan.keyRanges("`id`", BigInteger.valueOf(1), BigInteger.valueOf(100), 2, "key");

        assertThat(plan.predicates()).containsExactly("`id` < 51 OR `id` IS NULL", "`id` >= 51");
    }

    @Test
    void keyRangesNarrowerThanThePartitionCountLeaveSomeEmpty() {
        assertThat(PartitionPlan.keyRanges("\"id\"", BigInteger.valueOf(-3), BigInteger.valueOf(-2), 4, "key").predicates())
                .containsExactly("\"id\" < -3 OR \"id\" IS NULL", "\"id\" >= -3 AND \"id\" < -2", "\"id\" >= -2 AND \"id\" < -2",
                        "\"id\" >= -2");
    }

    @Test
    void hashPutsNullsInPartitionZero() {
        PartitionPlan plan = PartitionPlan.hash(PostgresDialect.INSTANCE.hashPartitionExpression("\"name\"", 2), 2, "hash");

        assertThat(plan.predicates()).containsExactly("COALESCE(abs(hashtext((\"name\")::text)) % 2, 0) = 0",
                "COALESCE(abs(hashtext((\"name\")::text)) % 2, 0) = 1");
    }

    @Test
    void singleHasNoCondition() {
        assertThat(PartitionPlan.single("one").predicates()).isEmpty();
        assertThat(PartitionPlan.single("one").size()).isEqualTo(1);
    }
}

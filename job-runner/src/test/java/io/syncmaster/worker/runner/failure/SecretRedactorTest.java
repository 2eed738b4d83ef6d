package io.syncmaster.worker.runner.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Secrets never reach a summary or a logged configuration; summaries name the side and the telling error. */
class SecretRedactorTest {
    @Test
    void masksRegisteredSecretsAndUrlPasswords() {
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("hunter22");
        assertThat(redactor.redact("login with hunter22 failed")).isEqualTo("login with *** failed");
        assertThat(SecretRedactor.sanitizeUrl("jdbc:postgresql://h/db?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(SecretRedactor.sanitizeUrl("postgresql+asyncpg://user:p4ss@host:5432/db")).isEqualTo("postgresql+asyncpg://user:***@host:5432/db");
        assertThat(redactor.sanitizeConf(Map.of("spark.hadoop.fs.s3a.secret.key", "abc", "spark.master", "local[1]")))
                .containsEntry("spark.hadoop.fs.s3a.secret.key", "***").containsEntry("spark.master", "local[1]");
    }

    @Test
    void summaryPrefersTheRunFailureInsideASparkException() {
        RunFailure inner = new RunFailure(FailureSide.SOURCE, "COPY from the source failed: boom with hunter22");
        SparkException outer = new SparkException("Job aborted due to stage failure: ...\n at lots of frames", inner);
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("hunter22");

        FailureSummary summary = FailureSummary.of(outer, FailureSide.TARGET, redactor);

        assertThat(summary.side()).isEqualTo(FailureSide.SOURCE);
        assertThat(summary.message()).isEqualTo("COPY from the source failed: boom with ***");
        assertThat(summary.render()).isEqualTo("side: source\nerror: io.syncmaster.worker.runner.failure.RunFailure\n"
                + "message: COPY from the source failed: boom with ***\n");
    }

    @Test
    void summaryOfAnUntaggedErrorUsesTheDeepestSqlException() {
        RuntimeException error = new RuntimeException("wrapper", new SQLException("ERROR: relation \"x\" does not exist\n  Position: 15"));
        FailureSummary summary = FailureSummary.of(error, FailureSide.SETUP, new SecretRedactor());
        assertThat(summary.errorClass()).isEqualTo("java.sql.SQLException");
        assertThat(summary.message()).isEqualTo("ERROR: relation \"x\" does not exist");
    }
}

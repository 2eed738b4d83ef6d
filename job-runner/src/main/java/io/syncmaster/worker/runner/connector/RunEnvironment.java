package io.syncmaster.worker.runner.connector;

import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.failure.SecretRedactor;

/**
 * What a connector may use while a run executes, provided by the controller once the Spark session is up.
 *
 * @param spark            the run's session
 * @param scratchDirectory a private local directory, deleted when the run ends (also on failure): file sources
 *                         download into it, local-staged file targets write into it before uploading
 * @param clientInfo       text identifying the run to databases (JDBC application name), upstream's "client info"
 * @param redactor         register derived secrets here (e.g. a token a connector computed), so no output shows them
 */
public record RunEnvironment(SparkSession spark, Path scratchDirectory, String clientInfo, SecretRedactor redactor) {
}

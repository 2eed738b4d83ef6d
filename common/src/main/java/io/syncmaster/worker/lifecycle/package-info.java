/**
 * The run lifecycle both workers share (the operator and the standalone worker): how a run row is claimed, when a
 * run that is executing must stop, and which terminal status its end writes. Each worker only supplies its own
 * storage and execution: the operator records its claim intent in the TransferRun status and runs a Job, the
 * standalone worker records it in its on-disk journal and runs a child JVM.
 *
 * <ul>
 *   <li>{@link io.syncmaster.worker.lifecycle.RunClaimer}: intent first ({@link io.syncmaster.worker.lifecycle.ClaimIntents}),
 *       then the conditional UPDATE; a row that carries the intent of an earlier attempt is our own claim.</li>
 *   <li>{@link io.syncmaster.worker.lifecycle.StopPolicy}: SEND_STOP_SIGNAL stops a run before or after its claim;
 *       once claimed, a row deleted (with its transfer) or made final by someone else stops it too, because its
 *       result could never be recorded.</li>
 *   <li>{@link io.syncmaster.worker.lifecycle.RunOutcome}: success wins over a stop that came too late; a stop
 *       carried out explains a failure; anything else is FAILED with the job-runner's message.</li>
 *   <li>{@link io.syncmaster.worker.lifecycle.CorrelationIds}: the {@code correlation_id} of the log URL.</li>
 * </ul>
 */
package io.syncmaster.worker.lifecycle;

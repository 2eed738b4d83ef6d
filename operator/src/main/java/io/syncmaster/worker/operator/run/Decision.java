package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.operator.crd.RunPhase;

/**
 * The outcome of {@link PhaseTransitions#decide}: the phase the run moves to (possibly the same), the action to
 * take, and why.
 */
public record Decision(RunPhase phase, RunAction action, String reason, String message) {
    public static Decision stay(RunPhase phase, RunAction action) {
        return new Decision(phase, action, null, null);
    }
}

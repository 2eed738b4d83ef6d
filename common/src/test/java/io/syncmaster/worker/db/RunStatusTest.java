package io.syncmaster.worker.db;

import static io.syncmaster.worker.db.RunStatus.CREATED;
import static io.syncmaster.worker.db.RunStatus.FAILED;
import static io.syncmaster.worker.db.RunStatus.FINISHED;
import static io.syncmaster.worker.db.RunStatus.SEND_STOP_SIGNAL;
import static io.syncmaster.worker.db.RunStatus.STARTED;
import static io.syncmaster.worker.db.RunStatus.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunStatusTest {

    /** The complete table: every pair not listed here must be refused. */
    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            CREATED, EnumSet.of(STARTED, FAILED, STOPPED),
            STARTED, EnumSet.of(FINISHED, FAILED, STOPPED),
            SEND_STOP_SIGNAL, EnumSet.of(STOPPED, FINISHED, FAILED),
            FAILED, EnumSet.noneOf(RunStatus.class),
            STOPPED, EnumSet.noneOf(RunStatus.class),
            FINISHED, EnumSet.noneOf(RunStatus.class));

    @Test
    void transitionTableIsExactlyTheContract() {
        int checked = 0;
        for (RunStatus from : RunStatus.values()) {
            for (RunStatus to : RunStatus.values()) {
                assertThat(RunStatus.canTransition(from, to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(36);
        assertThat(RunStatus.canTransition(null, STARTED)).isFalse();
        assertThat(RunStatus.canTransition(CREATED, null)).isFalse();
    }

    @Test
    void noStatusTransitionsToItselfAndTerminalsAreFinal() {
        for (RunStatus s : RunStatus.values()) {
            assertThat(RunStatus.canTransition(s, s)).as("%s -> itself", s).isFalse();
            assertThat(s.isTerminal()).isEqualTo(s == FAILED || s == STOPPED || s == FINISHED);
            if (s.isTerminal()) {
                assertThat(s.allowedTargets()).isEmpty();
            }
        }
        // nothing the worker writes goes back to CREATED or to the server-only SEND_STOP_SIGNAL
        assertThat(RunStatus.allowedSources(CREATED)).isEmpty();
        assertThat(RunStatus.allowedSources(SEND_STOP_SIGNAL)).isEmpty();
        assertThat(RunStatus.allowedSources(FINISHED)).containsExactlyInAnyOrder(STARTED, SEND_STOP_SIGNAL);
        assertThat(RunStatus.allowedSources(STOPPED)).containsExactlyInAnyOrder(CREATED, STARTED, SEND_STOP_SIGNAL);
    }

    @Test
    void storedValuesAreParsedExactly() {
        for (RunStatus s : RunStatus.values()) {
            assertThat(RunStatus.fromDatabase(s.name())).isEqualTo(s);
        }
        assertThatThrownBy(() -> RunStatus.fromDatabase("started")).hasMessageContaining("'started'");
        assertThatThrownBy(() -> RunStatus.fromDatabase(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

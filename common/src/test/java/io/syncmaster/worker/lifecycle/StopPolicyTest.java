package io.syncmaster.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.db.RunStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stop policy of both workers, over every row status, before and after the claim. */
class StopPolicyTest {

    @Test
    void sendStopSignalStopsARunClaimedOrNot() {
        assertThat(StopPolicy.stopReason(Optional.of(RunStatus.SEND_STOP_SIGNAL), true))
                .contains("SyncMaster requested a stop (run status SEND_STOP_SIGNAL)");
        assertThat(StopPolicy.stopReason(Optional.of(RunStatus.SEND_STOP_SIGNAL), false))
                .contains("SyncMaster requested a stop (run status SEND_STOP_SIGNAL)");
    }

    @Test
    void aClaimedRunWhoseRowVanishedStops() {
        assertThat(StopPolicy.stopReason(Optional.empty(), true)).contains("the run row was deleted (with its transfer?)");
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"FINISHED", "FAILED", "STOPPED"})
    void aClaimedRunMadeFinalBySomeoneElseStops(RunStatus terminal) {
        assertThat(StopPolicy.stopReason(Optional.of(terminal), true))
                .contains("the run is already " + terminal + " (written by someone else)");
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"CREATED", "STARTED"})
    void aClaimedRunGoesOnWhileItsRowIsNotFinal(RunStatus status) {
        assertThat(StopPolicy.stopReason(Optional.of(status), true)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "SEND_STOP_SIGNAL", mode = EnumSource.Mode.EXCLUDE)
    void beforeTheClaimOnlyTheStopSignalStopsTheClaimSkipsTheRest(RunStatus status) {
        assertThat(StopPolicy.stopReason(Optional.of(status), false)).isEmpty();
        assertThat(StopPolicy.stopReason(Optional.empty(), false)).isEmpty();
    }
}

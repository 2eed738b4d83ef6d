package io.syncmaster.worker.operator.run;

import java.time.Duration;

/** A run's duration as kubectl prints ages ({@code 45s}, {@code 3m12s}, {@code 2h5m}), for the DURATION column. */
public final class RunDurations {
    private RunDurations() {
    }

    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h < 48 ? h + "h" + (m == 0 ? "" : m + "m") : h / 24 + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
    }
}

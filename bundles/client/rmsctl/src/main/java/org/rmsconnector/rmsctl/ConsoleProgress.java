package org.rmsconnector.rmsctl;

import java.io.PrintWriter;
import org.rmsconnector.client.Progress;

/**
 * A one-line progress display on stderr for a person at a terminal, redrawn at most every
 * 200 ms so that it costs nothing next to the work.
 */
final class ConsoleProgress implements Progress {

    /** Smaller inputs finish before progress would help. */
    static final long THRESHOLD = 4L * 1024 * 1024;

    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private long lastDraw;
    private boolean drawn;

    ConsoleProgress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < INTERVAL_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        String pct = total > 0 ? String.format("%3d%%", Math.min(100, done * 100 / total)) : "";
        err.print(String.format("\r%s %s %s / %s ", label, pct, mb(done), total > 0 ? mb(total) : "?"));
        err.flush();
    }

    /** Ends the progress line, if one was drawn. */
    void end() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}

package io.mcscale.cli;

import io.mcscale.engine.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress bar on stderr for runs that take longer than a second: quick runs print nothing, and
 * so does a run whose stderr is not a terminal (a log file or a pipe gets no {@code \r[###}).
 * The engine reports fractions from its worker threads; a single timer thread draws them.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {
    private static final int WIDTH = 40;
    private final PrintWriter err;
    private final ScheduledExecutorService timer; // null: not drawing
    private volatile double fraction;
    private boolean drawn;

    private ProgressBar(PrintWriter err, boolean draw) {
        this.err = err;
        if (!draw) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mcscale-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::draw, 1000, 200, TimeUnit.MILLISECONDS);
    }

    /** A bar drawn on {@code err} when it is a terminal ({@link Terminal#stderrIsTerminal()}), else one that draws nothing. */
    static ProgressBar start(PrintWriter err) {
        return start(err, Terminal.stderrIsTerminal());
    }

    static ProgressBar start(PrintWriter err, boolean terminal) {
        return new ProgressBar(err, terminal);
    }

    @Override
    public void onProgress(double fractionDone) {
        fraction = fractionDone;
    }

    private synchronized void draw() {
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + Math.round(fraction * 100) + "%");
        err.flush();
        drawn = true;
    }

    @Override
    public void close() throws InterruptedException {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer.awaitTermination(1, TimeUnit.SECONDS);
        synchronized (this) {
            if (drawn) {
                err.print("\r" + " ".repeat(WIDTH + 8) + "\r");
                err.flush();
            }
        }
    }
}

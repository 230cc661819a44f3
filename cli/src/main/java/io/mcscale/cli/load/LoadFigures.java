package io.mcscale.cli.load;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/** What the simulated users measured: counters, latency histograms, where requests went and the first failures. */
final class LoadFigures {
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    /** How many failure descriptions are kept for {@link #firstFailures}. */
    private static final int KEPT_FAILURES = 5;

    /**
     * Guards the figures below: users record while the figures are read or reset. One lock, taken a few times
     * per request, costs nothing next to the request.
     */
    private final Object figures = new Object();
    private volatile long measuredFromNanos = System.nanoTime();

    final AtomicLong requests = new AtomicLong();
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final Set<String> instancesThatRan = ConcurrentHashMap.newKeySet();
    final Set<String> instancesThatAnswered = ConcurrentHashMap.newKeySet();
    private final List<String> firstFailures = new CopyOnWriteArrayList<>();
    final Histogram submitMicros = new Histogram(MAX_MICROS, 3);
    final Histogram pollMicros = new Histogram(MAX_MICROS, 3);
    final Histogram allMicros = new Histogram(MAX_MICROS, 3);
    final Histogram simulationMicros = new Histogram(MAX_MICROS, 3);

    List<String> firstFailures() {
        return List.copyOf(firstFailures);
    }

    void startMeasuring() {
        // The start is read under the lock, so an event started after it cannot have been recorded before the reset.
        synchronized (figures) {
            measuredFromNanos = System.nanoTime();
            for (AtomicLong counter : List.of(requests, submitted, succeeded, failed, throttled, errors, resent, accepted)) {
                counter.set(0);
            }
            for (Histogram histogram : List.of(submitMicros, pollMicros, allMicros, simulationMicros)) {
                histogram.reset();
            }
        }
    }

    LoadReport report(long untilNanos, long lost) {
        double seconds = (untilNanos - measuredFromNanos) / 1e9;
        long sent = requests.get();
        return new LoadReport(seconds, sent, seconds > 0 ? sent / seconds : 0, submitted.get(), accepted.get(), succeeded.get(),
                failed.get(), throttled.get(), errors.get(), resent.get(), lost, summary(submitMicros), summary(pollMicros),
                summary(allMicros), summary(simulationMicros));
    }

    void failure(String what) {
        if (firstFailures.size() < KEPT_FAILURES) {
            firstFailures.add(what);
        }
    }

    /** Counts an event of something started at {@code startedNanos}, unless that was before the measurement began. */
    void count(AtomicLong counter, long startedNanos) {
        synchronized (figures) {
            if (startedNanos - measuredFromNanos >= 0) {
                counter.incrementAndGet();
            }
        }
    }

    /** Records the time since {@code startedNanos}, unless that was before the measurement began. */
    void record(Histogram histogram, long startedNanos) {
        long micros = (System.nanoTime() - startedNanos) / 1000;
        synchronized (figures) {
            if (startedNanos - measuredFromNanos >= 0) {
                histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, micros)));
            }
        }
    }

    private LatencySummary summary(Histogram histogram) {
        Histogram copy;
        synchronized (figures) {
            copy = histogram.copy();
        }
        return LatencySummary.of(copy);
    }
}

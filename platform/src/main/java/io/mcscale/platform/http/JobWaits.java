package io.mcscale.platform.http;

import io.mcscale.platform.job.Job;
import io.mcscale.platform.store.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Requests held by {@code ?wait=SECONDS} until their simulation finishes. A job finished on this
 * instance answers its waiters at once; one finished by another instance is seen by a poll of the
 * store every 100 ms. No request thread is held while waiting.
 */
final class JobWaits implements AutoCloseable {
    private final JobStore store;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wait-poller");
        t.setDaemon(true);
        return t;
    });

    private record Waiter(CompletableFuture<Optional<Job>> future, long deadlineNanos) {
    }

    JobWaits(JobStore store) {
        this.store = store;
        poller.scheduleWithFixedDelay(this::pollAll, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Completes with the job once it is final, or as it is when {@code max} has passed. */
    CompletableFuture<Optional<Job>> await(String id, Duration max) {
        var waiter = new Waiter(new CompletableFuture<>(), System.nanoTime() + max.toNanos());
        // Added inside compute: check() drops an empty list inside computeIfPresent, so a waiter added to a list
        // between those two steps would sit in a list no one polls, and its request would never be answered.
        waiters.compute(id, (k, list) -> {
            List<Waiter> held = list == null ? new CopyOnWriteArrayList<>() : list;
            held.add(waiter);
            return held;
        });
        return waiter.future();
    }

    /** This instance finished {@code id}: answer its waiters now. */
    void finished(String id) {
        if (waiters.containsKey(id)) {
            poller.execute(() -> check(id, true));
        }
    }

    private void pollAll() {
        for (String id : waiters.keySet()) {
            check(id, false);
        }
    }

    private void check(String id, boolean known) {
        List<Waiter> list = waiters.get(id);
        if (list == null) {
            return;
        }
        try {
            long now = System.nanoTime();
            boolean anyExpired = list.stream().anyMatch(w -> w.deadlineNanos() - now <= 0);
            Optional<Job> job = store.find(id);
            boolean done = known || job.map(j -> j.status().isFinal()).orElse(true);
            for (Waiter w : list) {
                if (done || w.deadlineNanos() - now <= 0) {
                    w.future().complete(job);
                    list.remove(w);
                }
            }
            if (done || anyExpired) {
                waiters.computeIfPresent(id, (k, v) -> v.isEmpty() ? null : v);
            }
        } catch (RuntimeException e) {
            // The store is briefly unreachable: answer with what is known, the client polls on.
            list.forEach(w -> w.future().completeExceptionally(e));
            waiters.remove(id);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        // Stopping: answer every held request with the job as it is now.
        waiters.forEach((id, list) -> {
            Optional<Job> job;
            try {
                job = store.find(id);
            } catch (RuntimeException e) {
                job = Optional.empty();
            }
            for (Waiter w : list) {
                w.future().complete(job);
            }
        });
        waiters.clear();
    }
}

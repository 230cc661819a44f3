package io.mcscale.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs simulations on threads it owns for the length of the run.
 *
 * <p>Reproducibility: the paths are split into fixed chunks whose size depends only on the model
 * (about 2^20 random draws each, a few milliseconds of work). Chunk k always draws from the k-th
 * stream of {@link RandomStreams}, whichever thread takes it, and the chunks' partial sums are
 * merged strictly in chunk order. So the same model, paths, seed and antithetic flag give
 * bit-identical results on any number of threads.
 *
 * <p>Workers check the {@link CancellationToken} (and thread interruption of the caller) between
 * chunks, so a cancel takes effect within milliseconds. Progress is reported as chunks complete.
 */
public final class Simulator {
    private static final int DRAWS_PER_CHUNK = 1 << 20;
    private static final int MAX_CHUNK_PATHS = 1 << 18;
    private static final int MIN_CHUNK_PATHS = 16;

    private Simulator() {
    }

    /**
     * @throws SimulationCancelledException when {@code cancel} is cancelled (or the calling thread
     *         is interrupted) before the run finishes
     * @throws InvalidParameterException when the model cannot take {@code request.paths()}
     */
    public static SimulationResult run(SimulationRequest request, ProgressListener progress, CancellationToken cancel) {
        long started = System.nanoTime();
        if (!(request.model() instanceof PathModel model)) {
            throw new InvalidParameterException("model", "must come from Models.create, got " + request.model());
        }
        model.checkPaths(request.paths());
        Run run = new Run(model, request, progress, cancel);
        int threads = run.execute(request.threads());
        Estimate estimate = model.estimate(run.total);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return new SimulationResult(model.name(), estimate.value(), estimate.stdError(), estimate.ci95Low(),
                estimate.ci95High(), request.paths(), request.seed(), threads, elapsedMs, estimate.extras());
    }

    /** Paths per chunk for a model: a function of the model only, never of the thread count. */
    static int chunkPaths(PathModel model) {
        int paths = DRAWS_PER_CHUNK / Math.max(1, model.drawsPerPath());
        paths = Math.max(MIN_CHUNK_PATHS, Math.min(MAX_CHUNK_PATHS, paths));
        return paths & ~1; // even, so antithetic pairs never straddle chunks
    }

    /** One run's shared state: hands out chunks in order and merges their sums in order. */
    private static final class Run {
        private final PathModel model;
        private final long paths;
        private final boolean antithetic;
        private final int chunkPaths;
        private final long chunks;
        private final ProgressListener progress;
        private final CancellationToken cancel;
        private final RandomStreams streams;
        private final ChunkSums total;
        private final Map<Long, ChunkSums> waiting = new HashMap<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long nextChunk;
        private long mergedChunks;
        private volatile boolean stopped;

        Run(PathModel model, SimulationRequest request, ProgressListener progress, CancellationToken cancel) {
            this.model = model;
            this.paths = request.paths();
            this.antithetic = request.antithetic();
            this.chunkPaths = chunkPaths(model);
            this.chunks = (paths + chunkPaths - 1) / chunkPaths;
            this.progress = progress;
            this.cancel = cancel;
            this.streams = new RandomStreams(request.seed());
            this.total = new ChunkSums(model.keepsPathValues() ? (int) paths : 0);
        }

        /** Runs every chunk on up to {@code threads} threads (the caller is one of them); returns how many ran. */
        int execute(int threads) {
            int workers = (int) Math.max(1, Math.min(threads, chunks));
            Thread[] helpers = new Thread[workers - 1];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Thread(this::work, "mcscale-simulate-" + (i + 1));
                helpers[i].setDaemon(true);
                helpers[i].start();
            }
            work();
            boolean interrupted = false;
            for (Thread helper : helpers) {
                while (true) {
                    try {
                        helper.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        stopped = true;
                    }
                }
            }
            if (interrupted || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                throw new SimulationCancelledException();
            }
            Throwable error = failure.get();
            if (error instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (error instanceof Error fatal) {
                throw fatal;
            }
            if (mergedChunks() < chunks) {
                throw new SimulationCancelledException();
            }
            return workers;
        }

        private void work() {
            try {
                for (Chunk chunk; (chunk = nextChunk()) != null; ) {
                    int count = (int) Math.min(chunkPaths, paths - chunk.index * chunkPaths);
                    ChunkSums sums = new ChunkSums(model.keepsPathValues() ? count : 0);
                    model.simulate(chunk.random, count, antithetic, sums);
                    complete(chunk.index, sums);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                stopped = true;
            }
        }

        private record Chunk(long index, UniformRandomProvider random) {
        }

        private synchronized Chunk nextChunk() {
            if (stopped || cancel.isCancelled() || nextChunk >= chunks) {
                return null;
            }
            if (Thread.currentThread().isInterrupted()) {
                stopped = true;
                return null;
            }
            return new Chunk(nextChunk++, streams.next());
        }

        private synchronized void complete(long index, ChunkSums sums) {
            waiting.put(index, sums);
            for (ChunkSums next; (next = waiting.remove(mergedChunks)) != null; mergedChunks++) {
                total.merge(next);
            }
            progress.onProgress((double) mergedChunks / chunks);
        }

        private synchronized long mergedChunks() {
            return mergedChunks;
        }
    }
}

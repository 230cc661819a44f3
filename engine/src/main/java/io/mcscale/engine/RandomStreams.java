package io.mcscale.engine;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * One independent random stream per chunk, derived from the run's seed. The seed fills a
 * xoshiro256++ state through SplitMix64; chunk k draws from that generator advanced by k·2^128
 * steps (its jump function), so the streams never overlap and chunk k gets the same numbers
 * whichever thread runs it. Not thread-safe: the simulator hands out streams in chunk order under
 * its lock.
 */
final class RandomStreams {
    private final XoShiRo256PlusPlus generator;

    RandomStreams(long seed) {
        SplitMix64 seeder = new SplitMix64(seed);
        generator = new XoShiRo256PlusPlus(new long[] {
            seeder.nextLong(), seeder.nextLong(), seeder.nextLong(), seeder.nextLong()});
    }

    /** The stream of the next chunk: a copy of the current state, after which the generator jumps 2^128 steps. */
    UniformRandomProvider next() {
        return generator.jump();
    }
}

package io.mcscale.core.plan;

import java.util.Arrays;

/**
 * The simulation's calendar of future events: a binary min-heap over parallel primitive arrays,
 * ordered by time and then by the order of scheduling, so that events at the same instant come
 * out in a fixed order and a run is reproducible. Each event is a kind and an int payload (a
 * demand row or an instance slot). No boxing: a week of 200,000 simulations schedules 200,000
 * finishes at a few tens of nanoseconds each.
 */
final class EventQueue {
    static final int FINISH = 0;
    static final int READY = 1;

    private double[] times = new double[256];
    private long[] order = new long[256];
    private int[] kinds = new int[256];
    private int[] payloads = new int[256];
    private int size;
    private long scheduled;

    void add(double time, int kind, int payload) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            order = Arrays.copyOf(order, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            payloads = Arrays.copyOf(payloads, capacity);
        }
        int at = size++;
        long seq = scheduled++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(time, seq, times[parent], order[parent])) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        set(at, time, seq, kind, payload);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The time of the earliest event; only when not empty. */
    double peekTime() {
        return times[0];
    }

    int peekKind() {
        return kinds[0];
    }

    int peekPayload() {
        return payloads[0];
    }

    /** Removes the earliest event (read it first with the peek methods). */
    void poll() {
        size--;
        if (size == 0) {
            return;
        }
        double time = times[size];
        long seq = order[size];
        int kind = kinds[size];
        int payload = payloads[size];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(times[child + 1], order[child + 1], times[child], order[child])) {
                child++;
            }
            if (!before(times[child], order[child], time, seq)) {
                break;
            }
            move(child, at);
            at = child;
        }
        set(at, time, seq, kind, payload);
    }

    private static boolean before(double timeA, long seqA, double timeB, long seqB) {
        return timeA < timeB || (timeA == timeB && seqA < seqB);
    }

    private void move(int from, int to) {
        set(to, times[from], order[from], kinds[from], payloads[from]);
    }

    private void set(int at, double time, long seq, int kind, int payload) {
        times[at] = time;
        order[at] = seq;
        kinds[at] = kind;
        payloads[at] = payload;
    }
}

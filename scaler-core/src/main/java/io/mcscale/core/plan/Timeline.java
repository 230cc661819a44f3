package io.mcscale.core.plan;

import java.util.Arrays;

/** What the group looked like at each poll of one run, for the chart: machines on, queue, waits. */
public final class Timeline {
    private double[] times = new double[1024];
    private int[] machinesOn = new int[1024];
    private int[] queued = new int[1024];
    private double[] responseSeconds = new double[1024];
    private int size;

    void record(double time, int on, int waiting, double response) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            machinesOn = Arrays.copyOf(machinesOn, capacity);
            queued = Arrays.copyOf(queued, capacity);
            responseSeconds = Arrays.copyOf(responseSeconds, capacity);
        }
        times[size] = time;
        machinesOn[size] = on;
        queued[size] = waiting;
        responseSeconds[size] = response;
        size++;
    }

    public int size() {
        return size;
    }

    public double time(int i) {
        return times[i];
    }

    /** Machines billed at that poll: serving, booting or draining. */
    public int machinesOn(int i) {
        return machinesOn[i];
    }

    public int queued(int i) {
        return queued[i];
    }

    /** Mean wait, in seconds, of the simulations that started in the interval before this poll. */
    public double responseSeconds(int i) {
        return responseSeconds[i];
    }
}

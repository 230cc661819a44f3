package io.mcscale.core.plan;

import java.util.List;

/**
 * Simulations to plan for (Contract 5), held as columns so that a week of 200,000 rows costs a
 * few megabytes and the simulation reads them without boxing. Row {@code i} is submitted at
 * {@code submittedAt(i)} seconds from the trace start by user {@code user(i)} (an index into
 * {@link #userIds()}) and needs {@code work(i)} seconds of one worker. Submission times never decrease.
 */
public final class Demand {
    private final double[] submittedAt;
    private final int[] users;
    private final double[] work;
    private final List<String> userIds;

    public Demand(double[] submittedAt, int[] users, double[] work, List<String> userIds) {
        if (submittedAt.length != users.length || users.length != work.length) {
            throw new IllegalArgumentException("demand columns differ in length");
        }
        for (int i = 1; i < submittedAt.length; i++) {
            if (submittedAt[i] < submittedAt[i - 1]) {
                throw new IllegalArgumentException("demand row " + i + " is submitted before the row above it");
            }
        }
        this.submittedAt = submittedAt.clone();
        this.users = users.clone();
        this.work = work.clone();
        this.userIds = List.copyOf(userIds);
    }

    public int size() {
        return submittedAt.length;
    }

    public double submittedAt(int row) {
        return submittedAt[row];
    }

    public int user(int row) {
        return users[row];
    }

    public double work(int row) {
        return work[row];
    }

    public List<String> userIds() {
        return userIds;
    }

    /** The submission time of the last row; 0 for an empty demand. */
    public double lastSubmission() {
        return submittedAt.length == 0 ? 0 : submittedAt[submittedAt.length - 1];
    }
}

package io.mcscale.core.plan;

import io.mcscale.core.model.UserTier;
import java.util.List;

/**
 * Simulations to plan for (Contract 5), held as columns so that a week of 200,000 rows costs a
 * few megabytes and the simulation reads them without boxing. Row {@code i} is submitted at
 * {@code submittedAt(i)} seconds from the trace start by user {@code user(i)} (an index into
 * {@link #userIds()}) and needs {@code work(i)} seconds of one worker. Submission times never decrease.
 * Each row has a user tier: the demand's {@code tier} column, or free for a demand without one.
 */
public final class Demand {
    private final double[] submittedAt;
    private final int[] users;
    private final double[] work;
    private final List<String> userIds;
    /** Each row's tier as a {@link UserTier} ordinal; null when the demand has no tier column (every row free). */
    private final byte[] tiers;

    public Demand(double[] submittedAt, int[] users, double[] work, List<String> userIds) {
        this(submittedAt, users, work, userIds, null);
    }

    /** @param tiers each row's tier ordinal, or null for a demand without a tier column */
    public Demand(double[] submittedAt, int[] users, double[] work, List<String> userIds, byte[] tiers) {
        if (submittedAt.length != users.length || users.length != work.length
                || (tiers != null && tiers.length != work.length)) {
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
        this.tiers = tiers == null ? null : tiers.clone();
    }

    /** Whether the demand came with a tier column; the plan shows per-tier waits only then. */
    public boolean hasTiers() {
        return tiers != null;
    }

    public UserTier tier(int row) {
        return UserTier.values()[tierIndex(row)];
    }

    /** The row's tier as its {@link UserTier} ordinal, without the array copy that {@code values()} makes. */
    int tierIndex(int row) {
        return tiers == null ? UserTier.FREE.ordinal() : tiers[row];
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

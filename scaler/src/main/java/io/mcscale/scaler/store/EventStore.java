package io.mcscale.scaler.store;

import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The daemon's memory, in SQLite ({@code DATA_DIR/events.db}): every decision with its inputs and
 * reasons, every action with its start, end and result, and every change of a machine's state.
 * The state log is what instance-hours and cost are computed from, and with the unfinished
 * actions it is how a restarted scaler knows what it was doing.
 *
 * <p>Times are stored as epoch milliseconds. One connection, used under this object's lock: the
 * daemon writes a handful of rows per tick, and readers (the cost report) open their own store.
 * The schema is versioned by Flyway migrations in {@code db/events}; {@link #prune} applies the
 * retention ({@code EVENT_RETENTION_DAYS}). The SQL lives in the parts this delegates to:
 * {@link EventWrites}, {@link HistoryQueries}, {@link CostQueries} and {@link EventPruning}.
 */
public final class EventStore implements AutoCloseable {
    private final Connection connection;
    private final EventWrites writes;
    private final HistoryQueries history;
    private final CostQueries cost;
    private final EventPruning pruning;

    private EventStore(Connection connection) {
        this.connection = connection;
        this.history = new HistoryQueries(connection);
        this.writes = new EventWrites(connection, history);
        this.cost = new CostQueries(connection);
        this.pruning = new EventPruning(connection);
    }

    /**
     * Opens the event store in this file, creating it when missing, and brings its schema up to date
     * (Flyway, {@code db/events}). A file from before the store had migrations is adopted as version 1
     * with every row kept.
     */
    public static EventStore open(Path dbFile) {
        return new EventStore(EventDatabase.open(dbFile));
    }

    /**
     * Deletes what {@code retention} lets go at {@code now}: decisions older than it, and state changes
     * and finished actions older than {@link EventRetention#logBefore}. It keeps, whatever their age,
     * each machine's last state before that cutoff (its state when the kept log starts), every
     * unfinished action (recovery after a restart) and the newest action of each kind and result
     * (the cooldown after a restart counts from the last successful one).
     */
    public synchronized PrunedEvents prune(EventRetention retention, Instant now) {
        return pruning.prune(retention, now);
    }

    /**
     * Proves the file can be written without leaving a row behind (doctor's check): a decision
     * inserted inside a transaction that is then rolled back, so the operator's history stays clean.
     */
    public synchronized void checkWritable() {
        writes.checkWritable();
    }

    public synchronized long recordDecision(Instant at, GroupDecision.Kind outcome, List<String> reasons, Map<String, ?> inputs) {
        return writes.recordDecision(at, outcome, reasons, inputs);
    }

    /** Records that an action began; returns its id for {@link #actionEnded}. */
    public synchronized long actionStarted(Instant at, ActionKind kind, String machineId) {
        return writes.actionStarted(at, kind, machineId);
    }

    /** Records how an action ended. */
    public synchronized void actionEnded(long actionId, Instant at, ActionResult result, String detail) {
        writes.actionEnded(actionId, at, result, detail);
    }

    /**
     * Records a machine's state when it differs from the last one recorded for it; returns
     * whether it was a change. Calling it every tick with the observed state is therefore cheap.
     */
    public synchronized boolean recordState(Instant at, String machineId, MachineState state) {
        return writes.recordState(at, machineId, state);
    }

    public synchronized Optional<MachineState> lastState(String machineId) {
        return history.lastState(machineId);
    }

    /**
     * The intervals in {@code [from, to)} during which each machine was in a billed state (anything
     * but {@code off}), from the state log. A machine still billed at the end of the log is billed up
     * to {@code to}: the log records changes, so no change means the state still holds.
     */
    public synchronized List<InstanceInterval> instanceIntervals(Instant from, Instant to) {
        return cost.instanceIntervals(from, to);
    }

    /** Actions that started and never ended: the scaler stopped in the middle of them. */
    public synchronized List<ActionRecord> unfinishedActions() {
        return history.unfinishedActions();
    }

    public synchronized List<ActionRecord> recentActions(int limit) {
        return history.recentActions(limit);
    }

    /** When the last scaling action that succeeded started: the cooldown counts from it across restarts. */
    public synchronized Optional<Instant> lastSuccessfulScalingAction() {
        return history.lastSuccessfulScalingAction();
    }

    /** The most active users any evaluation in [from, to) saw, for the cost per user; empty when none did. */
    public synchronized OptionalInt peakActiveUsers(Instant from, Instant to) {
        return cost.peakActiveUsers(from, to);
    }

    public synchronized List<DecisionRecord> recentDecisions(int limit) {
        return history.recentDecisions(limit);
    }

    /** The decisions from {@code from} on, oldest first, at most {@code limit} of the newest: the status page's and {@code mcscale events}' history. */
    public synchronized List<DecisionRecord> decisionsSince(Instant from, int limit) {
        return history.decisionsSince(from, limit);
    }

    /** The actions that started from {@code from} on, oldest first, at most {@code limit} of the newest. */
    public synchronized List<ActionRecord> actionsSince(Instant from, int limit) {
        return history.actionsSince(from, limit);
    }

    /**
     * The state changes from {@code from} on, oldest first, each machine's log preceded by its last change
     * before {@code from} (with its own time): without it a machine that did not change in the window would
     * have no state there.
     */
    public synchronized List<StateChangeRecord> stateChangesSince(Instant from) {
        return history.stateChangesSince(from);
    }

    /** Since when the machine has been billed without a break, as of the end of the state log; empty when it is off. */
    public synchronized Optional<Instant> billedSince(String machineId) {
        return cost.billedSince(machineId);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw EventStoreException.cannot("close", e);
        }
    }
}

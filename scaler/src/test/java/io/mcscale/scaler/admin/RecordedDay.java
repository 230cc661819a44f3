package io.mcscale.scaler.admin;

import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A day of history written into an event store through the calls the control loop makes: a decision every
 * 2 minutes (every 30 s in the last hour) with the controller's inputs, a midday peak that scales ps-2 up
 * and later down, and the state changes and actions that go with it. Deterministic.
 */
final class RecordedDay {
    static final Duration UP_AGO = Duration.ofHours(9);
    static final Duration DOWN_AGO = Duration.ofHours(4);

    private RecordedDay() {
    }

    /** Writes the day that ends just before {@code end}. */
    static void write(EventStore store, Instant end) {
        Instant start = end.minus(Duration.ofHours(24));
        Instant up = end.minus(UP_AGO);
        Instant down = end.minus(DOWN_AGO);
        store.recordState(start.minus(Duration.ofHours(6)), "ps-1", MachineState.READY);
        store.recordState(start.minus(Duration.ofHours(6)), "ps-2", MachineState.OFF);
        store.recordState(up, "ps-2", MachineState.STARTING);
        store.recordState(up.plusSeconds(90), "ps-2", MachineState.READY);
        store.recordState(down, "ps-2", MachineState.STOPPING);
        store.recordState(down.plusSeconds(60), "ps-2", MachineState.OFF);
        store.actionEnded(store.actionStarted(up, ActionKind.SCALE_UP, "ps-2"), up.plusSeconds(95), ActionResult.OK, "ps-2 ready and healthy");
        store.actionEnded(store.actionStarted(down, ActionKind.SCALE_DOWN, "ps-2"), down.plusSeconds(75), ActionResult.OK, "drained, stopped");
        for (Instant t = start; t.isBefore(end); ) {
            double hoursAgo = Duration.between(t, end).toSeconds() / 3600.0;
            boolean two = !t.isBefore(up.plusSeconds(90)) && t.isBefore(down);
            // A peak centred 8 hours ago, plus a small rise in the last hour.
            double load = 9 * Math.exp(-Math.pow((hoursAgo - 8) / 2.2, 2)) + 2.5 * Math.exp(-Math.pow(hoursAgo / 0.4, 2))
                    + 1.5 + 0.8 * Math.sin(hoursAgo * 7.3);
            int users = (int) Math.round(Math.max(0, load));
            int serving = two ? 2 : 1;
            double cpu = Math.min(98, 8 + users * 11.0 / serving);
            int queue = users > 8 && !two ? users - 6 : 0;
            double responseMs = 150 + users * 90.0 / serving + queue * 400;
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("instances", !t.isBefore(up) && t.isBefore(down) ? 2 : 1);
            inputs.put("serving_instances", serving);
            inputs.put("active_users", users);
            inputs.put("cpu_usage", Math.round(cpu * 10) / 10.0);
            inputs.put("gpu_usage", null);
            inputs.put("simulation_queue_length", queue);
            inputs.put("avg_response_time_ms", Math.round(responseMs));
            GroupDecision.Kind outcome = t.equals(up) ? GroupDecision.Kind.SCALE_UP
                    : t.equals(down) ? GroupDecision.Kind.SCALE_DOWN : GroupDecision.Kind.NONE;
            List<String> reasons = switch (outcome) {
                case SCALE_UP -> List.of("active_users>=6", "cpu>70");
                case SCALE_DOWN -> List.of("low for 600 of 600 s");
                default -> users >= 6 * serving ? List.of("1 of 2 votes: active_users>=" + 6 * serving)
                        : List.of("0 of 2 votes", "not low: active_users>" + 4 * (serving - 1));
            };
            store.recordDecision(t, outcome, reasons, inputs);
            // Whole hours before the end are multiples of 2 minutes from the start: the actions land on evaluations.
            t = t.plusSeconds(hoursAgo > 1 ? 120 : 30);
        }
    }
}

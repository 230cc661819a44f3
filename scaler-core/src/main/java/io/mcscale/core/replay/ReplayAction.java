package io.mcscale.core.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scaling action of a replay, printed as one JSON line (Contract 4), e.g.
 * {@code {"time_s":600,"action":"scale_up","instances":2,"reasons":["active_users>=6","cpu>70"]}}.
 *
 * @param action    {@code scale_up} or {@code scale_down}; {@code cancel_drain} too when machines take time to drain
 * @param instances the count after the action, booting machines included
 */
public record ReplayAction(double timeSeconds, String action, int instances, List<String> reasons) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ReplayAction {
        reasons = List.copyOf(reasons);
    }

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time_s", timeSeconds == Math.rint(timeSeconds) ? (Object) (long) timeSeconds : (Object) timeSeconds);
        fields.put("action", action);
        fields.put("instances", instances);
        fields.put("reasons", reasons);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a replay action as JSON", e);
        }
    }
}

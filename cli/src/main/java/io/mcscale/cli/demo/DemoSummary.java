package io.mcscale.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo's verdict, printed as its last line. Times are seconds since the demo started; null
 * when it did not happen.
 */
public record DemoSummary(
        Long scaledUpAtS,
        Long scaledDownAtS,
        long requests,
        long failedRequests,
        long simulations,
        long lostSimulations,
        String loadBalancer) {

    /** The demo succeeded: it scaled up, then down, and every request and simulation went through. */
    public boolean passed() {
        return scaledUpAtS != null && scaledDownAtS != null && scaledDownAtS > scaledUpAtS
                && failedRequests == 0 && lostSimulations == 0 && simulations > 0;
    }

    public String toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("scaled_up_at_s", scaledUpAtS);
        json.put("scaled_down_at_s", scaledDownAtS);
        json.put("requests", requests);
        json.put("failed_requests", failedRequests);
        json.put("simulations", simulations);
        json.put("lost_simulations", lostSimulations);
        json.put("load_balancer", loadBalancer);
        return json.toString();
    }
}

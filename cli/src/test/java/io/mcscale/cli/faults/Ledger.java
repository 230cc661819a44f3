package io.mcscale.cli.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients were told: every simulation accepted (202) per user. Checked against what the
 * store lists for each user afterwards: an accepted id that is missing or not succeeded is lost, and
 * an id listed twice, or a listed id no client was given, is a duplicate (a submission stored twice).
 */
final class Ledger {
    record Check(long accepted, long lost, long duplicates, List<String> problems) {
    }

    private final Map<String, Set<String>> acceptedByUser = new ConcurrentHashMap<>();

    void accepted(String user, String id) {
        acceptedByUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(id);
    }

    long acceptedCount() {
        return acceptedByUser.values().stream().mapToLong(Set::size).sum();
    }

    Set<String> users() {
        return acceptedByUser.keySet();
    }

    Set<String> acceptedOf(String user) {
        return acceptedByUser.getOrDefault(user, Set.of());
    }

    /** @param listed each user's simulations as the store lists them (all pages) */
    Check check(Map<String, List<JsonNode>> listed) {
        long lost = 0;
        long duplicates = 0;
        List<String> problems = new ArrayList<>();
        for (var entry : acceptedByUser.entrySet()) {
            Map<String, JsonNode> byId = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (JsonNode job : listed.getOrDefault(entry.getKey(), List.of())) {
                String id = job.path("id").asText();
                if (!seen.add(id) || !entry.getValue().contains(id)) {
                    duplicates++;
                    problems.add("duplicate or unknown simulation " + id + " of " + entry.getKey());
                }
                byId.put(id, job);
            }
            for (String id : entry.getValue()) {
                JsonNode job = byId.get(id);
                if (job == null || !job.path("status").asText().equals("succeeded") || !job.path("result").isObject()) {
                    lost++;
                    problems.add("lost simulation " + id + " of " + entry.getKey() + ": "
                            + (job == null ? "not in the store" : job.path("status").asText()));
                }
            }
        }
        return new Check(acceptedCount(), lost, duplicates, problems);
    }
}

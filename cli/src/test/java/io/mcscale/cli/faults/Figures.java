package io.mcscale.cli.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One scenario's measured figures, written to {@code cli/target/faults/<scenario>.json} for
 * {@code bench/faults.sh}, which assembles docs/RELIABILITY.md from them.
 */
final class Figures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scenario;
    private final ObjectNode node;

    Figures(String scenario, String description) {
        this.scenario = scenario;
        this.node = JSON.createObjectNode().put("scenario", scenario).put("description", description);
    }

    Figures put(String name, long value) {
        node.put(name, value);
        return this;
    }

    Figures put(String name, double value) {
        node.put(name, Math.round(value * 100) / 100.0);
        return this;
    }

    Figures put(String name, String value) {
        node.put(name, value);
        return this;
    }

    Figures put(String name, Ledger.Check check) {
        node.put(name + "_accepted", check.accepted()).put(name + "_lost", check.lost()).put(name + "_duplicates", check.duplicates());
        return this;
    }

    ObjectNode node() {
        return node;
    }

    /**
     * Most scenarios write after their assertions, so their figures are ones that held; a scenario whose
     * figures are the evidence of a failure (the cold burst's answer times) writes first. bench/faults.sh
     * tells which scenarios passed from the failsafe reports.
     */
    void write() throws IOException {
        Path dir = Rig.repositoryRoot().resolve("cli/target/faults");
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(scenario + ".json").toFile(), node);
    }
}

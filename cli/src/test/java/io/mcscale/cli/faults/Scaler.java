package io.mcscale.cli.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcscale.scaler.admin.AdminClient;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/mcscale autoscaler} on the Paperspace fake, as the fault scenarios run it: its .env,
 * its processes, its admin status, and the check that no machine the fake has on is one the scaler forgot.
 */
final class Scaler {
    static final String API_KEY = "psfault-suite-0123456789";
    private static final String ADMIN_TOKEN = "fault-admin-token-1234";

    /**
     * Settings under which the scaler acts only on a failed primary: load never scales up or down, the primary fails
     * over after 2 failed health checks, and a machine start or stop may take a minute.
     */
    static final List<String> FAILOVER_ONLY = List.of(
            "HEALTH_FAILURES_FOR_FAILOVER=2", "METRICS_TIMEOUT_SECONDS=2",
            "SCALE_UP_THRESHOLD=1000", "SCALE_DOWN_THRESHOLD=0", "SCALE_DOWN_DELAY_SECONDS=3600", "COOLDOWN_SECONDS=1",
            "CPU_UP_THRESHOLD=100", "CPU_DOWN_THRESHOLD=99.9", "RESPONSE_UP_SECONDS=600", "RESPONSE_DOWN_SECONDS=300",
            "START_TIMEOUT_SECONDS=60", "STOP_TIMEOUT_SECONDS=60");

    private final Rig rig;
    private final Path dir;
    final Path config;
    final Path dataDir;
    private final AdminClient admin;
    private final List<Process> daemons = new ArrayList<>();

    /** @param settings KEY=VALUE lines beyond the machines, the URLs and the admin listener */
    Scaler(Rig rig, Path dir, FakePaperspaceApi api, String primaryUrl, String secondaryUrl, List<String> settings) throws IOException {
        this.rig = rig;
        this.dir = dir;
        this.dataDir = dir.resolve("scaler-data");
        int adminPort = FreePorts.next();
        List<String> lines = new ArrayList<>(List.of(
                "PROVIDER=paperspace",
                "PAPERSPACE_API_KEY=" + API_KEY,
                "PAPERSPACE_API_URL=" + api.baseUrl(),
                "PRIMARY_MACHINE_ID=psprimary",
                "SECONDARY_MACHINE_ID=pssecondary",
                "PRIMARY_URL=" + primaryUrl,
                "SECONDARY_URL=" + secondaryUrl,
                "DATA_DIR=" + dataDir,
                "LOAD_BALANCER=none",
                "ADMIN_LISTEN=127.0.0.1:" + adminPort,
                "ADMIN_TOKEN=" + ADMIN_TOKEN,
                "POLL_INTERVAL_SECONDS=1"));
        lines.addAll(settings);
        config = dir.resolve(".env.autoscaler");
        Files.writeString(config, String.join("\n", lines) + "\n");
        admin = new AdminClient("127.0.0.1:" + adminPort, ADMIN_TOKEN);
    }

    /**
     * The disk scenarios' group: a primary platform on {@code primaryDataDir} (machine psprimary, ready), a secondary
     * on its own directory (pssecondary, off, 2 s transitions), and this scaler for them, started with
     * {@link #FAILOVER_ONLY} and serving the primary.
     */
    record FailoverGroup(Rig.Platform primary, Scaler scaler) {
    }

    static FailoverGroup failoverGroup(Rig rig, Path dir, FakePaperspaceApi api, Path primaryDataDir) throws IOException {
        api.addMachine("psprimary", "ready").addMachine("pssecondary", "off")
                .setTransitionDelays(Duration.ofSeconds(2), Duration.ofSeconds(2));
        Rig.Platform primary = rig.platform("psprimary", List.of("--data-dir", primaryDataDir.toString()), "--workers", "2");
        int secondaryPort = FreePorts.next();
        rig.platform("pssecondary", secondaryPort, List.of("--data-dir", dir.resolve("secondary-data").toString()), "--workers", "2");
        Scaler scaler = new Scaler(rig, dir, api, primary.url(), "http://127.0.0.1:" + secondaryPort, FAILOVER_ONLY);
        scaler.start();
        await().atMost(Rig.BOOT).until(() -> scaler.phase(0).equals("serving"));
        return new FailoverGroup(primary, scaler);
    }

    Process start() throws IOException {
        Path log = dir.resolve("autoscaler-" + daemons.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Rig.binMcscale(), "autoscaler", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PAPERSPACE_API_KEY");
        Process process = rig.track(builder.start());
        daemons.add(process);
        return process;
    }

    AdminClient admin() {
        return admin;
    }

    JsonNode status() {
        try {
            return admin.status();
        } catch (IOException e) {
            return Rig.JSON.createObjectNode();
        }
    }

    /** Machines the fake has on (starting, ready, stopping) that the scaler's event store has never heard of. */
    List<String> forgottenMachines(FakePaperspaceApi api) {
        List<String> forgotten = new ArrayList<>();
        try (EventStore store = EventStore.open(dataDir.resolve("events.db"))) {
            for (String id : List.of("psprimary", "pssecondary")) {
                if (!api.state(id).equals("off") && store.lastState(id).isEmpty()) {
                    forgotten.add(id + " (" + api.state(id) + ")");
                }
            }
        }
        return forgotten;
    }

    /** How many failovers the scaler's event store has recorded. */
    long failovers() {
        try (EventStore events = EventStore.open(dataDir.resolve("events.db"))) {
            return events.recentActions(200).stream().filter(a -> a.kind() == ActionKind.FAILOVER).count();
        }
    }

    /** The phase (serving, off, starting, ...) of the scaler's {@code machine}th instance, as its admin status says. */
    String phase(int machine) {
        return status().path("instances").path(machine).path("phase").asText("");
    }

    Map<String, String> states(FakePaperspaceApi api) {
        return Map.of("psprimary", api.state("psprimary"), "pssecondary", api.state("pssecondary"));
    }
}

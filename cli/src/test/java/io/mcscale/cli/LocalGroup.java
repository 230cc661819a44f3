package io.mcscale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A primary (ps-1) and a secondary (ps-2) on the local provider, as the autoscaler ITs run them: the
 * {@code .env} of {@code bin/mcscale autoscaler}, a long simulation to keep a worker busy, and the kill
 * of every platform the provider started.
 */
final class LocalGroup {
    static final String ADMIN_TOKEN = "it-admin-token-1234";

    private LocalGroup() {
    }

    /**
     * Writes the scaler's {@code .env}: the machines, their platform command ({@code bin/mcscale platform}
     * followed by {@code platformArgs}), the stores under {@code dataDir}, the admin listener, a 1 s poll,
     * then {@code policy}'s KEY=VALUE lines.
     */
    static Path writeConfig(Path file, Path dataDir, int primaryPort, int secondaryPort, int adminPort, String platformArgs,
            List<String> policy) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "PROVIDER=local",
                "PRIMARY_MACHINE_ID=ps-1",
                "SECONDARY_MACHINE_ID=ps-2",
                "PRIMARY_URL=http://127.0.0.1:" + primaryPort,
                "SECONDARY_URL=http://127.0.0.1:" + secondaryPort,
                "LOCAL_PLATFORM_COMMAND=" + BinMcscale.repositoryRoot().resolve("bin/mcscale") + " platform " + platformArgs,
                "PLATFORM_ADMIN_TOKEN=it-platform-token-5678",
                "DATA_DIR=" + dataDir,
                "LOAD_BALANCER=none",
                "ADMIN_LISTEN=127.0.0.1:" + adminPort,
                "ADMIN_TOKEN=" + ADMIN_TOKEN,
                "POLL_INTERVAL_SECONDS=1",
                "START_TIMEOUT_SECONDS=300",
                "STOP_TIMEOUT_SECONDS=120"));
        lines.addAll(policy);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** An Asian option on 252 fixings: minutes of work even on an idle machine (pi ends in seconds). */
    static String longSimulation(int seed) {
        return "{\"model\":\"asian\",\"parameters\":{\"spot\":100,\"strike\":100,\"rate\":0.05,"
                + "\"volatility\":0.2,\"maturity\":1},\"paths\":100000000,\"seed\":" + seed + "}";
    }

    /** Kills every platform whose pid file the local provider keeps under {@code dataDir}. */
    static void killPlatforms(Path dataDir) throws IOException {
        Path local = dataDir.resolve("local");
        if (Files.isDirectory(local)) {
            try (var files = Files.list(local)) {
                for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}

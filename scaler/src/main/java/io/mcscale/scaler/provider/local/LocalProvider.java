package io.mcscale.scaler.provider.local;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PROVIDER=local}: each machine is a {@code bin/mcscale platform} process on 127.0.0.1,
 * on the port of its configured URL, all sharing {@code LOCAL_DATA_DIR}. The demo and the
 * end-to-end tests use it.
 *
 * <p>A machine's pid lives in {@code DATA_DIR/local/<id>.pid}, so a restarted scaler (or the
 * {@code machine} command in another process) finds the machines it started: a forgotten
 * running machine would cost money on a real provider. The states map onto Paperspace's words:
 * <pre>
 *   no live process ──► off
 *   process alive, /api/health not answering ──► starting
 *   process alive, /api/health answering (200 or 503) ──► ready
 *   SIGTERM sent (DATA_DIR/local/&lt;id&gt;.stopping), process still alive ──► stopping
 * </pre>
 * Each platform reports the CPU of its own process ({@code --cpu-source process}, unless
 * {@code LOCAL_PLATFORM_COMMAND} says otherwise), not the shared host's.
 * A stopping platform drains: it exits when its running simulations finish. Its output goes to
 * {@code DATA_DIR/local/<id>.log}. Processes run in their own session ({@code setsid}) so that a
 * Ctrl-C or a restart of the scaler does not take them down with it.
 */
public final class LocalProvider implements MachineProvider {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String CPU_SOURCE = "--cpu-source";

    private final Map<String, Backend> addresses;
    private final List<String> platformCommand;
    private final Path localDataDir;
    private final Path stateDir;
    private final String platformAdminToken;
    private final PlatformClient probe;

    /**
     * @param addresses          each machine id and the address its platform listens on (127.0.0.1:port)
     * @param platformCommand    the command that runs one platform, e.g. {@code [/opt/mcscale/bin/mcscale, platform]}
     * @param localDataDir       the platforms' shared data dir ({@code LOCAL_DATA_DIR})
     * @param dataDir            the scaler's {@code DATA_DIR}; pid, marker and log files go under {@code local/}
     * @param platformAdminToken handed to each platform as {@code PLATFORM_ADMIN_TOKEN}; empty for none
     */
    public LocalProvider(Map<String, Backend> addresses, List<String> platformCommand, Path localDataDir, Path dataDir,
            String platformAdminToken) {
        this.addresses = Map.copyOf(addresses);
        this.platformCommand = List.copyOf(platformCommand);
        this.localDataDir = localDataDir;
        this.stateDir = dataDir.resolve("local");
        this.platformAdminToken = platformAdminToken == null ? "" : platformAdminToken;
        this.probe = new PlatformClient(Duration.ofSeconds(2), this.platformAdminToken);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized MachineInfo describe(String machineId) throws ProviderException {
        Backend backend = backend(machineId);
        return info(machineId, backend, state(machineId, backend));
    }

    @Override
    public MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException {
        Backend backend = backend(machineId);
        synchronized (this) {
            MachineState state = state(machineId, backend);
            if (state == MachineState.STOPPING) {
                throw new ProviderException("machine " + machineId + " is still stopping (draining); start it once it is off", true);
            }
            if (state == MachineState.OFF) {
                spawn(machineId, backend);
            }
        }
        return waitFor(machineId, MachineState.READY, waitUpTo);
    }

    @Override
    public MachineInfo stop(String machineId, Duration waitUpTo) throws ProviderException {
        Backend backend = backend(machineId);
        synchronized (this) {
            Optional<ProcessHandle> process = liveProcess(machineId);
            if (process.isPresent() && !Files.exists(stoppingMarker(machineId))) {
                try {
                    Files.writeString(stoppingMarker(machineId), Long.toString(process.get().pid()));
                } catch (IOException e) {
                    throw new ProviderException("cannot write " + stoppingMarker(machineId) + ": " + e.getMessage(), true, e);
                }
                // SIGTERM: the platform drains and exits when its running simulations finish.
                process.get().destroy();
            } else if (process.isEmpty()) {
                return info(machineId, backend, MachineState.OFF);
            }
        }
        return waitFor(machineId, MachineState.OFF, waitUpTo);
    }

    private MachineInfo waitFor(String machineId, MachineState wanted, Duration waitUpTo) throws ProviderException {
        long deadline = System.nanoTime() + waitUpTo.toNanos();
        while (true) {
            MachineInfo info = describe(machineId);
            if (info.state() == wanted || waitUpTo.isZero()) {
                return info;
            }
            if (wanted == MachineState.READY && info.state() == MachineState.OFF) {
                throw new ProviderException("machine " + machineId + ": the platform process exited while starting; see "
                        + logFile(machineId), true);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ProviderException("machine " + machineId + " is still " + info.state().word() + " after "
                        + waitUpTo.toSeconds() + " s (wanted " + wanted.word() + ")", true);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for machine " + machineId, true, e);
            }
        }
    }

    private MachineState state(String machineId, Backend backend) {
        if (liveProcess(machineId).isEmpty()) {
            return MachineState.OFF;
        }
        if (Files.exists(stoppingMarker(machineId))) {
            return MachineState.STOPPING;
        }
        return probe.health(backend).answered() ? MachineState.READY : MachineState.STARTING;
    }

    /** The machine's process, if its pid file names a live process that is that machine; stale files are removed. */
    private Optional<ProcessHandle> liveProcess(String machineId) {
        Path pidFile = pidFile(machineId);
        Optional<ProcessHandle> process;
        try {
            process = Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            process = Optional.empty();
        }
        Optional<ProcessHandle> live = process.filter(ProcessHandle::isAlive).filter(p -> isPlatformOf(p, machineId));
        if (live.isEmpty()) {
            deleteQuietly(pidFile);
            deleteQuietly(stoppingMarker(machineId));
        }
        return live;
    }

    /** Guards against a reused pid: the process's command line must name this machine, when the OS tells us. */
    private static boolean isPlatformOf(ProcessHandle process, String machineId) {
        Optional<String[]> arguments = process.info().arguments();
        if (arguments.isEmpty()) {
            return true;
        }
        String[] args = arguments.get();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--instance-id") && args[i + 1].equals(machineId)) {
                return true;
            }
        }
        return false;
    }

    private void spawn(String machineId, Backend backend) throws ProviderException {
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(platformCommand);
        // Loopback only: these platforms are reached through the balancer or by the scaler on this machine.
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(backend.port()),
                "--data-dir", localDataDir.toString(), "--instance-id", machineId));
        // The machines share one host with each other and with whatever else runs there: each reports
        // its own process's CPU, or a busy neighbour would keep the group from ever scaling down.
        if (!platformCommand.contains(CPU_SOURCE)) {
            command.addAll(List.of(CPU_SOURCE, "process"));
        }
        try {
            Files.createDirectories(stateDir);
            Files.createDirectories(localDataDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(machineId).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (!platformAdminToken.isEmpty()) {
                builder.environment().put("PLATFORM_ADMIN_TOKEN", platformAdminToken);
            }
            Process process = builder.start();
            Path tmp = stateDir.resolve(machineId + ".pid.tmp");
            Files.writeString(tmp, Long.toString(process.pid()), StandardCharsets.UTF_8);
            Files.move(tmp, pidFile(machineId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(stoppingMarker(machineId));
        } catch (IOException e) {
            throw new ProviderException("cannot start machine " + machineId + " with " + String.join(" ", platformCommand)
                    + ": " + e.getMessage(), false, e);
        }
    }

    private Backend backend(String machineId) throws ProviderException {
        Backend backend = addresses.get(machineId);
        if (backend == null) {
            throw new ProviderException("unknown machine id '" + machineId + "': the local provider knows "
                    + String.join(", ", addresses.keySet().stream().sorted().toList()), false);
        }
        return backend;
    }

    private static MachineInfo info(String machineId, Backend backend, MachineState state) {
        // Local machines report no rate: the cost model falls back to INSTANCE_HOURLY_RATE_USD.
        return new MachineInfo(machineId, "local " + machineId, state, Optional.of(backend.toString()), 0, 0);
    }

    public Path pidFile(String machineId) {
        return stateDir.resolve(machineId + ".pid");
    }

    public Path logFile(String machineId) {
        return stateDir.resolve(machineId + ".log");
    }

    private Path stoppingMarker(String machineId) {
        return stateDir.resolve(machineId + ".stopping");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale file we cannot remove is re-checked (and ignored) on the next look.
        }
    }
}

package io.mcscale.scaler.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the provider against a stand-in platform: a single-file Java program that serves
 * {@code /api/health} on {@code --port} and exits on SIGTERM, started the way the provider
 * starts {@code bin/mcscale platform}.
 */
class LocalProviderTest {
    private static final String STAND_IN = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class StandIn {
                public static void main(String[] args) throws Exception {
                    int port = Integer.parseInt(args[java.util.Arrays.asList(args).indexOf("--port") + 1]);
                    String token = System.getenv().getOrDefault("PLATFORM_ADMIN_TOKEN", "");
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/api/health", ex -> {
                        byte[] body = ("{\\"status\\":\\"ok\\",\\"token\\":\\"" + token + "\\"}").getBytes();
                        ex.sendResponseHeaders(200, body.length);
                        ex.getResponseBody().write(body);
                        ex.close();
                    });
                    server.start();
                    System.out.println("stand-in platform up on " + port + " with " + String.join(" ", args));
                }
            }
            """;

    @TempDir
    Path dir;

    private LocalProvider provider;

    @AfterEach
    void killEverythingStarted() throws IOException {
        try (var files = Files.list(dir.resolve("data/local"))) {
            for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was started
        }
    }

    private LocalProvider provider(int port, String... platformOptions) throws IOException {
        Path source = dir.resolve("StandIn.java");
        Files.writeString(source, STAND_IN);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, source.toString()));
        command.addAll(List.of(platformOptions));
        return new LocalProvider(Map.of("ps-2", new Backend("127.0.0.1", port)), command,
                dir.resolve("platform"), dir.resolve("data"), "platform-token");
    }

    @Test
    void shouldHaveEachPlatformReportItsOwnProcessCpuUnlessTheCommandSaysOtherwise() throws Exception {
        provider = provider(FreePorts.next());
        provider.start("ps-2", Duration.ofSeconds(60));
        provider.stop("ps-2", Duration.ofSeconds(30));
        String byDefault = Files.readString(provider.logFile("ps-2"));
        Files.delete(provider.logFile("ps-2"));
        provider = provider(FreePorts.next(), "--cpu-source", "host");
        provider.start("ps-2", Duration.ofSeconds(60));
        provider.stop("ps-2", Duration.ofSeconds(30));
        String chosen = Files.readString(provider.logFile("ps-2"));

        assertThat(byDefault).contains("--instance-id ps-2 --cpu-source process");
        assertThat(chosen).contains("--cpu-source host").doesNotContain("process");
    }

    @Test
    void shouldStartAPlatformProcessAndReportItReadyThenStopItAndReportItOff() throws Exception {
        int port = FreePorts.next();
        provider = provider(port);
        assertThat(provider.describe("ps-2").state()).isEqualTo(MachineState.OFF);

        assertThat(provider.start("ps-2", Duration.ofSeconds(60)).state()).isEqualTo(MachineState.READY);
        assertThat(provider.describe("ps-2").platformAddress()).contains("127.0.0.1:" + port);
        assertThat(Files.readString(provider.logFile("ps-2"))).contains("stand-in platform up on " + port);

        // A restarted scaler (a new provider object) finds the running machine through its pid file.
        LocalProvider afterRestart = provider(port);
        assertThat(afterRestart.describe("ps-2").state()).isEqualTo(MachineState.READY);
        // Starting a ready machine is idempotent: no second process.
        long pid = Long.parseLong(Files.readString(provider.pidFile("ps-2")).trim());
        afterRestart.start("ps-2", Duration.ZERO);
        assertThat(Long.parseLong(Files.readString(provider.pidFile("ps-2")).trim())).isEqualTo(pid);

        assertThat(afterRestart.stop("ps-2", Duration.ofSeconds(30)).state()).isEqualTo(MachineState.OFF);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(provider.pidFile("ps-2")).doesNotExist();
        // Stopping an off machine is idempotent too.
        assertThat(provider.stop("ps-2", Duration.ofSeconds(1)).state()).isEqualTo(MachineState.OFF);
    }

    @Test
    void shouldTreatAStalePidFileAsOff() throws Exception {
        provider = provider(FreePorts.next());
        Files.createDirectories(dir.resolve("data/local"));
        Files.writeString(provider.pidFile("ps-2"), Long.toString(ProcessHandle.current().pid()));

        // Our own pid is alive but is not the platform of ps-2: never mistaken for the machine.
        assertThat(provider.describe("ps-2").state()).isEqualTo(MachineState.OFF);
        assertThat(provider.pidFile("ps-2")).doesNotExist();
    }

    @Test
    void shouldRejectAnUnknownMachineIdNamingTheKnownOnes() throws Exception {
        provider = provider(FreePorts.next());

        assertThatThrownBy(() -> provider.start("ps-9", Duration.ZERO))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("ps-9").hasMessageContaining("ps-2");
    }
}

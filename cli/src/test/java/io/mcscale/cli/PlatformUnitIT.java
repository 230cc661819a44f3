package io.mcscale.cli;

import static io.mcscale.cli.DeployScripts.DEPLOY;
import static io.mcscale.cli.DeployScripts.command;
import static io.mcscale.cli.DeployScripts.onPath;
import static io.mcscale.cli.DeployScripts.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mcscale.testkit.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's secondary: the shared database created the way docs/DEPLOYMENT.md says (deploy/postgres/create-database.sql,
 * password from a file), then {@code install.sh --role secondary} into a temporary root, then the unit's own ExecStart
 * run with the unit's environment, the credentials where systemd's LoadCredential= would put them. PostgreSQL asks
 * for the password (scram-sha-256), so the platform serves only if it read the file.
 */
class PlatformUnitIT {
    private static final String PASSWORD = "s3cret-from-a-file";
    private static EmbeddedPostgres postgres;
    private static Path postgresData;

    @TempDir
    Path root;

    private Process platform;

    @BeforeAll
    static void startPostgresThatAsksForPasswords() throws Exception {
        postgresData = Files.createTempDirectory("pg-platform-unit");
        postgres = EmbeddedPostgres.builder().setDataDirectory(postgresData).setCleanDataDirectory(true).start();
        // The superuser keeps trust for the test's own setup; every other role must give its password.
        Files.writeString(postgresData.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @AfterEach
    void stopPlatform() {
        if (platform != null) {
            platform.destroyForcibly();
        }
    }

    @Test
    void theDocumentedScriptCreatesTheSharedDatabaseWithThePasswordFromTheFileAndCanRunAgain() throws Exception {
        assumeTrue(onPath("psql"), "psql is not installed");
        Path passwordFile = Files.writeString(root.resolve("db-password"), PASSWORD + "\n");

        createDatabase(passwordFile);
        createDatabase(passwordFile);

        try (Connection c = DriverManager.getConnection(jdbcUrl(), "mcscale", PASSWORD)) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl(), "mcscale", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void aSecondaryInstalledIntoACleanRootStartsAtBootAndServesOnTheSharedStore() throws Exception {
        assumeTrue(onPath("psql") && onPath("systemctl"), "psql or systemctl is not installed");
        Path copiedPassword = Files.writeString(root.resolve("copied-db-password"), PASSWORD + "\n");
        Path copiedToken = Files.writeString(root.resolve("copied-admin-token"), "token-of-the-primary\n");
        createDatabase(copiedPassword);
        int port = FreePorts.next();
        Path machine = Files.createDirectories(root.resolve("machine"));

        var install = script("install.sh", "--root", machine.toString(), "--dry-run", "--role", "secondary",
                "--db-host", "127.0.0.1", "--db-port", Integer.toString(postgres.getPort()), "--port", Integer.toString(port),
                "--db-password-file", copiedPassword.toString(), "--admin-token-file", copiedToken.toString());
        assertThat(install.exitCode()).as(install.stderr()).isZero();

        // Started at boot: multi-user.target wants it.
        var enabled = command(List.of("systemctl", "--root=" + machine, "is-enabled", "monte-carlo-platform"));
        assertThat(enabled.stdout().strip()).isEqualTo("enabled");
        Path unitFile = machine.resolve("etc/systemd/system/monte-carlo-platform.service");
        if (onPath("systemd-analyze")) {
            var verify = command(List.of("systemd-analyze", "verify", unitFile.toString()));
            assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        }

        SystemdUnit unit = SystemdUnit.parse(Files.readString(unitFile));
        Path credentials = machine.resolve("etc/monte-carlo-platform");  // LoadCredential= copies these files
        Path state = Files.createDirectories(root.resolve("var-lib"));
        Map<String, String> specifiers = Map.of("%d", credentials.toString(), "%S", state.toString());
        List<String> execStart = unit.execStart(specifiers);
        assertThat(String.join(" ", execStart)).doesNotContain(PASSWORD);
        var builder = new ProcessBuilder(execStart).redirectErrorStream(true).redirectOutput(root.resolve("platform.log").toFile());
        builder.environment().putAll(unit.environment(specifiers));
        builder.environment().remove("PLATFORM_DB_PASSWORD");
        platform = builder.start();

        var http = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build();
        Path log = root.resolve("platform.log");
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .failFast("the platform exited", () -> assertThat(platform.isAlive()).as(() -> readQuietly(log)).isTrue())
                .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        try (Connection c = superuser("mcscale"); Statement s = c.createStatement();
                ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tableowner = 'mcscale'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("tables the platform created in the shared store as mcscale").isPositive();
        }
        assertKnowsUsersOnlyByTheirKeys(http, port, copiedPassword);

        platform.destroy(); // SIGTERM, as systemctl stop sends
        assertThat(platform.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unit.successExitStatuses()).contains(platform.exitValue());
    }

    @Test
    void anUnreadablePasswordFileIsAConfigurationErrorThatStopsTheUnitWithExitCode2() throws Exception {
        Path missing = root.resolve("no-such-password-file");

        var result = BinMcscale.run("platform", "--store", "postgres", "--jdbc-url", jdbcUrl(), "--db-user", "mcscale",
                "--db-password-file", missing.toString());

        assertThat(result.exitCode()).as("RestartPreventExitStatus=2 stops the unit on it").isEqualTo(2);
        assertThat(result.stderr()).contains("--db-password-file " + missing + " cannot be read").doesNotContain("Exception");
    }

    /** The unit sets PLATFORM_AUTH=keys: a bare X-User-Id is refused, and a user made as DEPLOYMENT.md says is served. */
    private static void assertKnowsUsersOnlyByTheirKeys(HttpClient http, int port, Path passwordFile) throws Exception {
        var submit = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/simulations"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pi\",\"paths\":1000}"));
        assertThat(http.send(submit.copy().header("X-User-Id", "alice").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);

        var added = BinMcscale.run("users", "add", "alice", "--tier", "pro", "--store", "postgres", "--jdbc-url", jdbcUrl(),
                "--db-user", "mcscale", "--db-password-file", passwordFile.toString());
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        List<String> lines = added.stdout().lines().toList();
        String key = lines.get(lines.size() - 1);

        var accepted = http.send(submit.copy().header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    private static void createDatabase(Path passwordFile) throws Exception {
        var result = command(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(postgres.getPort()), "-U", "postgres",
                "-d", "postgres", "-q", "-v", "ON_ERROR_STOP=1", "-v", "pwfile=" + passwordFile,
                "-f", DEPLOY.resolve("postgres/create-database.sql").toString()));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout() + result.stderr()).doesNotContain(PASSWORD);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/mcscale";
    }

    private static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, "postgres", "");
    }


    /** The [Service] lines of a unit file this test needs, with systemd's specifiers replaced as given. */
    private record SystemdUnit(String execStart, List<String> environment, List<Integer> successExitStatuses) {
        static SystemdUnit parse(String text) {
            String exec = null;
            List<String> environment = new ArrayList<>();
            List<Integer> success = new ArrayList<>(List.of(0));
            for (String line : text.lines().toList()) {
                if (line.startsWith("ExecStart=")) {
                    exec = line.substring("ExecStart=".length());
                } else if (line.startsWith("Environment=")) {
                    environment.add(line.substring("Environment=".length()));
                } else if (line.startsWith("SuccessExitStatus=")) {
                    for (String status : line.substring("SuccessExitStatus=".length()).split("\\s+")) {
                        success.add(Integer.parseInt(status));
                    }
                }
            }
            assertThat(exec).as("ExecStart=").isNotNull();
            return new SystemdUnit(exec, environment, success);
        }

        List<String> execStart(Map<String, String> specifiers) {
            return List.of(replace(execStart, specifiers).split("\\s+"));
        }

        Map<String, String> environment(Map<String, String> specifiers) {
            Map<String, String> variables = new HashMap<>();
            for (String assignment : environment) {
                String[] parts = replace(assignment, specifiers).split("=", 2);
                variables.put(parts[0], parts[1]);
            }
            return variables;
        }

        private static String replace(String text, Map<String, String> specifiers) {
            String result = text;
            for (var entry : specifiers.entrySet()) {
                result = result.replace(entry.getKey(), entry.getValue());
            }
            assertThat(result).as("specifiers this test does not know").doesNotContainPattern("%[a-zA-Z]");
            return result;
        }
    }
}

package io.mcscale.cli;

import static io.mcscale.cli.DeployScripts.DEPLOY;
import static io.mcscale.cli.DeployScripts.command;
import static io.mcscale.cli.DeployScripts.onPath;
import static io.mcscale.cli.DeployScripts.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/install.sh and uninstall.sh, run with --root into a temp dir and --dry-run (no systemctl, apt or reload). */
class InstallScriptIT {
    private static final String ORIGINAL_SITE = "server { listen 80 default_server; root /var/www/html; }\n";

    @TempDir
    Path root;

    @BeforeEach
    void aMachineWithNginxsDefaultSite() throws IOException {
        Path sites = Files.createDirectories(root.resolve("etc/nginx/sites-enabled"));
        Files.writeString(sites.resolve("default"), ORIGINAL_SITE);
    }

    @Test
    void shouldChangeNothingWhenRunASecondTime() throws Exception {
        var first = script("install.sh", "--root", root.toString(), "--dry-run");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        String afterFirst = treeHash(root);

        var second = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(treeHash(root)).isEqualTo(afterFirst);
        assertThat(second.stdout()).doesNotContain("wrote", "backed up");
    }

    @Test
    void shouldCreateTheEnvFileFromTheExampleReadableByItsOwnerOnly() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path env = root.resolve("etc/monte-carlo-autoscaler/.env.autoscaler");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        // The primary's scaler reaches its own platform on loopback, which tells it never to stop this machine,
        // and drains the platforms with their own admin token.
        String token = Files.readString(root.resolve("etc/monte-carlo-platform/admin-token"));
        assertThat(Files.readString(env)).isEqualTo(Files.readString(DEPLOY.resolve(".env.autoscaler.example"))
                .replace("\nPRIMARY_URL=\n", "\nPRIMARY_URL=http://127.0.0.1:8000\n")
                .replace("\nPLATFORM_ADMIN_TOKEN=\n", "\nPLATFORM_ADMIN_TOKEN=" + token + "\n"));
    }

    @Test
    void shouldGiveThePrimarysScalerThePlatformsGeneratedAdminTokenShowingOnlyItsPrefix() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String token = Files.readString(root.resolve("etc/monte-carlo-platform/admin-token"));
        assertThat(token).matches("[A-Za-z0-9]{20,}");
        assertThat(envAdminToken()).isEqualTo(token);
        assertThat(result.stdout()).contains("set PLATFORM_ADMIN_TOKEN", "(" + token.substring(0, 4) + "...)")
                .doesNotContain(token.substring(0, 5));
    }

    @Test
    void shouldKeepTheEnvFilesAdminTokenOnReinstallAndGiveItToThePlatforms() throws Exception {
        Path env = Files.createDirectories(root.resolve("etc/monte-carlo-autoscaler")).resolve(".env.autoscaler");
        Files.writeString(env, "PAPERSPACE_API_KEY=edited-by-the-operator\nPLATFORM_ADMIN_TOKEN=chosen-by-the-operator-42\n");

        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(envAdminToken()).isEqualTo("chosen-by-the-operator-42");
        assertThat(root.resolve("etc/monte-carlo-platform/admin-token")).hasContent("chosen-by-the-operator-42");
        assertThat(result.stdout()).doesNotContain("chosen-by-the-operator-42", "warning");
    }

    @Test
    void shouldWarnWhenTheEnvFilesAdminTokenIsNotThePlatformsOne() throws Exception {
        Path secrets = Files.createDirectories(root.resolve("etc/monte-carlo-platform"));
        Files.writeString(secrets.resolve("admin-token"), "the-platforms-token");
        Path env = Files.createDirectories(root.resolve("etc/monte-carlo-autoscaler")).resolve(".env.autoscaler");
        Files.writeString(env, "PLATFORM_ADMIN_TOKEN=another-token\n");

        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(envAdminToken()).isEqualTo("another-token");
        assertThat(result.stdout()).contains("warning: PLATFORM_ADMIN_TOKEN", "(anot...)", "(the-...)", "drain and resume will be refused")
                .doesNotContain("another-token", "the-platforms-token");
    }

    private String envAdminToken() throws IOException {
        return Files.readAllLines(root.resolve("etc/monte-carlo-autoscaler/.env.autoscaler")).stream()
                .filter(line -> line.startsWith("PLATFORM_ADMIN_TOKEN=")).map(line -> line.substring("PLATFORM_ADMIN_TOKEN=".length()))
                .reduce((first, second) -> second).orElse("");
    }

    @Test
    void shouldKeepAnEditedEnvFileAndTightenItsMode() throws Exception {
        Path env = Files.createDirectories(root.resolve("etc/monte-carlo-autoscaler")).resolve(".env.autoscaler");
        Files.writeString(env, "PAPERSPACE_API_KEY=edited-by-the-operator\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Files.readString(env)).startsWith("PAPERSPACE_API_KEY=edited-by-the-operator\n")
                .containsOnlyOnce("PLATFORM_ADMIN_TOKEN=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
    }

    @Test
    void shouldWriteAHardenedUnitThatRunsTheAutoscalerAndReadsTheEnvFileOnlyOnce() throws Exception {
        script("install.sh", "--root", root.toString(), "--dry-run", "--user", "mcscale");

        String unit = Files.readString(root.resolve("etc/systemd/system/monte-carlo-autoscaler.service"));
        assertThat(unit).contains("User=mcscale\n", "WorkingDirectory=" + BinMcscale.repositoryRoot() + "\n",
                "Restart=always\n", "RestartSec=10\n", "RestartPreventExitStatus=2\n", "SuccessExitStatus=143\n",
                "NoNewPrivileges=yes\n", "ProtectSystem=strict\n", "PrivateTmp=yes\n",
                "ExecStart=" + BinMcscale.repositoryRoot() + "/bin/mcscale autoscaler --config /etc/monte-carlo-autoscaler/.env.autoscaler\n")
                .doesNotContain("@");
        // systemd would keep an inline comment as part of the value, and the environment overrides the file.
        assertThat(unit.lines()).noneMatch(line -> line.startsWith("EnvironmentFile="));
    }

    @Test
    void shouldWriteAHardenedPlatformUnitWhosePasswordIsNeverOnTheCommandLine() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--dry-run", "--role", "primary");

        String unit = Files.readString(root.resolve("etc/systemd/system/monte-carlo-platform.service"));
        assertThat(unit).contains("LoadCredential=db-password:/etc/monte-carlo-platform/db-password\n",
                "Environment=PLATFORM_DB_PASSWORD_FILE=%d/db-password\n", "--jdbc-url jdbc:postgresql://127.0.0.1:5432/mcscale ",
                "RestartPreventExitStatus=2\n", "SuccessExitStatus=143\n", "ProtectSystem=strict\n", "NoNewPrivileges=yes\n",
                "WantedBy=multi-user.target\n", "Environment=PLATFORM_AUTH=keys\n").doesNotContain("@", "password=");
        assertThat(result.stdout() + result.stderr()).as("how to add users").contains("bin/mcscale users add NAME");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/monte-carlo-platform/db-password"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(root.resolve("etc/monte-carlo-platform/db-password"))).matches("[A-Za-z0-9]{20,}");
    }

    @Test
    void shouldWriteUnitsThatSystemdAccepts() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        script("install.sh", "--root", root.toString(), "--dry-run", "--role", "primary");

        for (String name : List.of("monte-carlo-autoscaler.service", "monte-carlo-platform.service")) {
            var verify = command(List.of("systemd-analyze", "verify", root.resolve("etc/systemd/system/" + name).toString()));

            assertThat(verify.exitCode()).as(verify.stderr()).isZero();
            assertThat(verify.stderr()).as(name).doesNotContain(name + ":");
        }
    }

    @Test
    void shouldInstallOnlyTheEnabledPlatformOnASecondary() throws Exception {
        Path password = Files.writeString(root.resolve("copied-db-password"), "from-the-primary\n");
        Path token = Files.writeString(root.resolve("copied-admin-token"), "token-of-the-primary\n");

        var result = script("install.sh", "--root", root.toString(), "--dry-run", "--role", "secondary", "--db-host", "10.0.0.5",
                "--db-password-file", password.toString(), "--admin-token-file", token.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/monte-carlo-platform.service");
        assertThat(Files.readSymbolicLink(wants)).isEqualTo(Path.of("/etc/systemd/system/monte-carlo-platform.service"));
        assertThat(root.resolve("etc/systemd/system/monte-carlo-platform.service")).content()
                .contains("--jdbc-url jdbc:postgresql://10.0.0.5:5432/mcscale --db-user mcscale ", "Environment=PLATFORM_AUTH=keys\n");
        assertThat(root.resolve("etc/monte-carlo-platform/db-password")).hasContent("from-the-primary");
        assertThat(root.resolve("etc/systemd/system/monte-carlo-autoscaler.service")).doesNotExist();
        assertThat(root.resolve("etc/nginx/conf.d")).doesNotExist();
        assertThat(result.stdout()).contains("would run: systemctl restart monte-carlo-platform").doesNotContain("nginx");
    }

    @Test
    void shouldUninstallASecondaryWithoutTouchingNginx() throws Exception {
        Path password = Files.writeString(root.resolve("copied-db-password"), "from-the-primary\n");
        Path token = Files.writeString(root.resolve("copied-admin-token"), "token-of-the-primary\n");
        script("install.sh", "--root", root.toString(), "--dry-run", "--role", "secondary", "--db-host", "10.0.0.5",
                "--db-password-file", password.toString(), "--admin-token-file", token.toString());

        var uninstall = script("uninstall.sh", "--root", root.toString(), "--dry-run");

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(root.resolve("etc/systemd/system/monte-carlo-platform.service")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/monte-carlo-platform.service")).doesNotExist();
        assertThat(root.resolve("etc/monte-carlo-platform/db-password")).exists();
        assertThat(uninstall.stdout()).doesNotContain("nginx");
    }

    @Test
    void shouldInstallTheAutoscalerButNoPlatformOnAController() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--dry-run", "--role", "controller");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/monte-carlo-autoscaler.service")).isSymbolicLink();
        assertThat(root.resolve("etc/systemd/system/monte-carlo-platform.service")).doesNotExist();
        assertThat(root.resolve("etc/monte-carlo-platform")).doesNotExist();
        assertThat(root.resolve("etc/nginx/conf.d/monte-carlo.conf")).exists();
        // A controller reaches the platforms over the network: PRIMARY_URL is the operator's to fill in.
        assertThat(root.resolve("etc/monte-carlo-autoscaler/.env.autoscaler")).hasSameTextualContentAs(DEPLOY.resolve(".env.autoscaler.example"));
    }

    @Test
    void shouldRefuseASecondaryWithoutTheSharedStoresAddressWithExitCode2() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--dry-run", "--role", "secondary");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--db-host");
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }

    @Test
    void shouldInstallAnNginxSiteAndUpstreamThatNginxAccepts() throws Exception {
        assumeTrue(onPath("nginx"), "nginx is not installed");
        script("install.sh", "--root", root.toString(), "--dry-run");
        Path conf = root.resolve("etc/nginx/nginx.conf");
        Files.writeString(conf, "pid " + root.resolve("nginx.pid") + ";\nerror_log " + root.resolve("error.log") + ";\n"
                + "events {}\nhttp {\n  access_log off;\n  include " + root.resolve("etc/nginx/conf.d") + "/*.conf;\n}\n");

        var test = command(List.of("nginx", "-t", "-p", root.toString(), "-c", conf.toString()));

        assertThat(test.exitCode()).as(test.stderr()).isZero();
    }

    @Test
    void shouldBackUpTheDefaultSiteAndRestoreItOnUninstall() throws Exception {
        script("install.sh", "--root", root.toString(), "--dry-run");
        Path site = root.resolve("etc/nginx/sites-enabled/default");
        assertThat(site).doesNotExist();
        assertThat(root.resolve("etc/nginx/sites-enabled/default.backup")).hasContent(ORIGINAL_SITE.strip());

        var uninstall = script("uninstall.sh", "--root", root.toString(), "--dry-run");

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(site).hasContent(ORIGINAL_SITE.strip());
        assertThat(root.resolve("etc/nginx/conf.d/monte-carlo.conf")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/monte-carlo-autoscaler.service")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/monte-carlo-platform.service")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/monte-carlo-platform.service")).doesNotExist();
        assertThat(uninstall.stdout()).contains("would run: nginx -t", "would run: systemctl reload nginx");
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitCode2() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("unknown option '--frobnicate'");
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }

    /** Path, type, mode and content (or link target) of everything under dir: equal hashes mean nothing changed. */
    private static String treeHash(Path dir) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted().toList()) {
                digest.update(dir.relativize(path).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
                        .getBytes(StandardCharsets.UTF_8));
                if (Files.isSymbolicLink(path)) {
                    digest.update(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(path)) {
                    digest.update(Files.readAllBytes(path));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

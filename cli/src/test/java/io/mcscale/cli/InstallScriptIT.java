package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/install.sh and uninstall.sh, run with --root into a temp dir and --dry-run (no systemctl, apt or reload). */
class InstallScriptIT {
    private static final Path DEPLOY = BinMcscale.repositoryRoot().resolve("deploy");
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
        assertThat(env).hasSameTextualContentAs(DEPLOY.resolve(".env.autoscaler.example"));
    }

    @Test
    void shouldKeepAnEditedEnvFileAndTightenItsMode() throws Exception {
        Path env = Files.createDirectories(root.resolve("etc/monte-carlo-autoscaler")).resolve(".env.autoscaler");
        Files.writeString(env, "PAPERSPACE_API_KEY=edited-by-the-operator\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        var result = script("install.sh", "--root", root.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(env).hasContent("PAPERSPACE_API_KEY=edited-by-the-operator");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
    }

    @Test
    void shouldWriteAHardenedUnitThatRunsTheAutoscaler() throws Exception {
        script("install.sh", "--root", root.toString(), "--dry-run", "--user", "mcscale");

        String unit = Files.readString(root.resolve("etc/systemd/system/monte-carlo-autoscaler.service"));
        assertThat(unit).contains("User=mcscale\n", "WorkingDirectory=" + BinMcscale.repositoryRoot() + "\n",
                "EnvironmentFile=/etc/monte-carlo-autoscaler/.env.autoscaler\n", "Restart=always\n", "RestartSec=10\n",
                "NoNewPrivileges=yes\n", "ProtectSystem=strict\n", "PrivateTmp=yes\n",
                "ExecStart=" + BinMcscale.repositoryRoot() + "/bin/mcscale autoscaler --config /etc/monte-carlo-autoscaler/.env.autoscaler\n")
                .doesNotContain("@");
    }

    @Test
    void shouldWriteAUnitThatSystemdAccepts() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        script("install.sh", "--root", root.toString(), "--dry-run");

        var verify = command(List.of("systemd-analyze", "verify",
                root.resolve("etc/systemd/system/monte-carlo-autoscaler.service").toString()));

        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.stderr()).doesNotContain("monte-carlo-autoscaler.service:");
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
        assertThat(uninstall.stdout()).contains("would run: nginx -t", "would run: systemctl reload nginx");
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitCode2() throws Exception {
        var result = script("install.sh", "--root", root.toString(), "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("unknown option '--frobnicate'");
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }

    private static BinMcscale.Result script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(DEPLOY.resolve(name).toString());
        command.addAll(List.of(args));
        return command(command);
    }

    private static BinMcscale.Result command(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new BinMcscale.Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
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

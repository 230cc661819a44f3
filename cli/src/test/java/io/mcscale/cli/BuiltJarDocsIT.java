package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the build ships beside the jar: the version in its manifest, bash completion and man pages, and their install. */
class BuiltJarDocsIT {
    private static final Path TARGET = BinMcscale.repositoryRoot().resolve("cli/target");

    @Test
    void versionIsTheProjectVersionFromTheJarManifest() throws Exception {
        String expected = System.getProperty("mcscale.version");
        assertThat(expected).as("failsafe passes the project version").isNotBlank();

        var result = BinMcscale.run("-V");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("mcscale " + expected);
    }

    @Test
    void bashCompletionCompletesCommandsAndOptions() throws Exception {
        Path script = TARGET.resolve("completion/mcscale");

        var commands = shell("source '" + script + "'; COMP_WORDS=(mcscale sim); COMP_CWORD=1; _complete_mcscale; echo \"${COMPREPLY[@]}\"");
        var options = shell("source '" + script + "'; COMP_WORDS=(mcscale simulate --pa); COMP_CWORD=2; _complete_mcscale; echo \"${COMPREPLY[@]}\"");

        assertThat(commands.stdout().strip()).isEqualTo("simulate");
        assertThat(options.stdout().strip()).isEqualTo("--paths");
    }

    /**
     * zsh has no directory of bash completions: the user sources the script (the installer prints the line), which
     * turns on bashcompinit. zsh then asks the script through compgen -F, as bashcompinit's _bash_complete does, and
     * filters the words by what was typed itself.
     */
    @Test
    void zshLoadsTheBashCompletionThroughBashcompinit() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = TARGET.resolve("completion/mcscale");

        var zsh = run(List.of("zsh", "-f", "-c", "source '" + script + "'; print -r -- ${_comps[mcscale]}; "
                + "words=(mcscale simulate --pa); COMP_WORDS=(\"${words[@]}\"); COMP_CWORD=2; COMP_LINE=\"$words\"; "
                + "print -r -- $(compgen -F _complete_mcscale -- --pa)"));

        assertThat(zsh.exitCode()).as(zsh.stderr()).isZero();
        List<String> lines = zsh.stdout().strip().lines().toList();
        assertThat(lines.get(0)).isEqualTo("_bash_complete -F _complete_mcscale -o default");
        assertThat(lines.get(1).split(" ")).contains("--paths", "--seed").doesNotContain("--demand", "simulate");
    }

    @Test
    void everyCommandHasAManPageThatGroffRendersWithoutWarnings() throws Exception {
        assumeTrue(onPath("groff"), "groff is not installed");
        List<Path> pages;
        try (Stream<Path> files = Files.list(TARGET.resolve("man/man1"))) {
            pages = files.sorted().toList();
        }
        assertThat(pages).extracting(p -> p.getFileName().toString())
                .contains("mcscale.1", "mcscale-simulate.1", "mcscale-cost-estimate.1", "mcscale-status.1");

        for (Path page : pages) {
            var rendered = run(List.of("groff", "-man", "-Tutf8", "-ww", "-P-cbou", page.toString()));
            assertThat(rendered.stderr()).as(page + " renders without warnings").isEmpty();
            assertThat(rendered.stdout()).as(page.toString()).contains("NAME", "SYNOPSIS", "EXIT STATUS");
        }
    }

    @Test
    void theInstallerInstallsCompletionAndManPagesAndPointsAtConfigCheck(@TempDir Path root) throws Exception {
        var install = run(List.of(BinMcscale.repositoryRoot().resolve("deploy/install.sh").toString(), "--root", root.toString(), "--dry-run"));

        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(root.resolve("etc/bash_completion.d/mcscale")).hasSameTextualContentAs(TARGET.resolve("completion/mcscale"));
        assertThat(root.resolve("usr/local/share/man/man1/mcscale-simulate.1")).hasSameTextualContentAs(TARGET.resolve("man/man1/mcscale-simulate.1"));
        assertThat(install.stdout()).contains("check it: bin/mcscale config check --config /etc/monte-carlo-autoscaler/.env.autoscaler",
                "in zsh add to ~/.zshrc: source /etc/bash_completion.d/mcscale");
    }

    @Test
    void theUninstallerRemovesTheCompletionAndManPagesTheInstallerInstalled(@TempDir Path root) throws Exception {
        Path deploy = BinMcscale.repositoryRoot().resolve("deploy");
        Path bashCompletion = Files.createDirectories(root.resolve("usr/share/bash-completion/completions"));
        Path otherManPage = Files.writeString(Files.createDirectories(root.resolve("usr/local/share/man/man1")).resolve("git.1"), "x");
        assertThat(run(List.of(deploy.resolve("install.sh").toString(), "--root", root.toString(), "--dry-run")).exitCode()).isZero();
        assertThat(bashCompletion.resolve("mcscale")).exists();

        var uninstall = run(List.of(deploy.resolve("uninstall.sh").toString(), "--root", root.toString(), "--dry-run"));

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(bashCompletion.resolve("mcscale")).doesNotExist();
        try (Stream<Path> pages = Files.list(otherManPage.getParent())) {
            assertThat(pages).containsExactly(otherManPage);
        }
        assertThat(uninstall.stdout()).contains("removed /usr/share/bash-completion/completions/mcscale",
                "removed the mcscale man pages from /usr/local/share/man/man1");
    }

    private static BinMcscale.Result shell(String script) throws Exception {
        return run(List.of("bash", "-c", script));
    }

    private static boolean onPath(String program) throws Exception {
        return run(List.of("sh", "-c", "command -v " + program)).exitCode() == 0;
    }

    private static BinMcscale.Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new BinMcscale.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}

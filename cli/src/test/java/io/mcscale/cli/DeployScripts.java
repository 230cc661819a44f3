package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs deploy/install.sh, uninstall.sh and other commands the deploy tests need, and returns what they printed. */
final class DeployScripts {
    static final Path DEPLOY = BinMcscale.repositoryRoot().resolve("deploy");

    private DeployScripts() {
    }

    static BinMcscale.Result script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(DEPLOY.resolve(name).toString());
        command.addAll(List.of(args));
        return command(command);
    }

    static BinMcscale.Result command(List<String> command) throws Exception {
        return command(command, Map.of());
    }

    static BinMcscale.Result command(List<String> command, Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new BinMcscale.Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;

/** Every command and subcommand, taken from the command model itself so a new one is covered too, answers --help and -h. */
class HelpOnEveryCommandTest {
    record Case(List<String> command, String flag) {
        @Override
        public String toString() {
            return String.join(" ", command) + " " + flag;
        }
    }

    static Stream<Case> everyCommandWithEachHelpFlag() {
        return everyCommand().flatMap(command -> Stream.of(new Case(command, "--help"), new Case(command, "-h")));
    }

    static Stream<Case> everyCommandWithTheVersionFlag() {
        return everyCommand().map(command -> new Case(command, "-V"));
    }

    private static Stream<List<String>> everyCommand() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine().getCommandSpec(), List.of(), commands);
        assertThat(commands).as("the walk finds the subcommands").hasSizeGreaterThan(10);
        return commands.stream();
    }

    private static void collect(CommandSpec spec, List<String> path, List<List<String>> into) {
        into.add(path);
        spec.subcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandSpec().name())) { // aliases lead to the same command
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub.getCommandSpec(), subPath, into);
            }
        });
    }

    @ParameterizedTest(name = "mcscale {0}")
    @MethodSource("everyCommandWithEachHelpFlag")
    void answersHelpWithItsUsageOnStdoutAndExitZero(Case c) {
        List<String> args = new ArrayList<>(c.command());
        args.add(c.flag());

        InProcessRun run = InProcessRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("Usage: " + String.join(" ", Stream.concat(Stream.of("mcscale"), c.command().stream()).toList()));
        assertThat(run.stderr()).isEmpty();
    }

    /** picocli's fallback label is the Java field's name ({@code --port=<primaryPort>}); the help names what to give. */
    @ParameterizedTest(name = "mcscale {0}")
    @MethodSource("everyCommandWithTheVersionFlag")
    void everyOptionThatTakesAValueNamesWhatToGiveNotTheJavaField(Case c) {
        CommandSpec spec = Main.commandLine().getCommandSpec();
        for (String name : c.command()) {
            spec = spec.subcommands().get(name).getCommandSpec();
        }

        assertThat(spec.options()).filteredOn(option -> option.arity().max() > 0)
                .allSatisfy(option -> assertThat(option.paramLabel()).as(option.longestName()).doesNotStartWith("<"));
    }

    @ParameterizedTest(name = "mcscale {0}")
    @MethodSource("everyCommandWithTheVersionFlag")
    void theVersionFlagWorksOnEveryCommandToo(Case c) {
        List<String> args = new ArrayList<>(c.command());
        args.add(c.flag());

        InProcessRun run = InProcessRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("mcscale ");
    }
}

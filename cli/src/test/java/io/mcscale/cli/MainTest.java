package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsEveryCommandOfTheProduct() {
        String help = captureStdout(() -> Main.execute("--help"));

        assertThat(help).contains("simulate", "bench", "platform", "load", "autoscaler", "status", "scale",
                "failover", "machine", "replay", "cost", "doctor", "demo");
    }

    @Test
    void unknownOptionExitsWithUsageError() {
        assertThat(Main.execute("--no-such-option")).isEqualTo(2);
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheOptionTheValueAndWhereTheFixIs() {
        int[] exit = new int[1];
        String err = captureStderr(() -> exit[0] = Main.execute("simulate", "pi", "--paths", "abc", "--seed", "1"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.strip()).doesNotContain("\n").contains("--paths", "'abc'", "mcscale simulate --help");
    }

    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        var buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        var buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

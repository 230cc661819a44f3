package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {
    @Test
    void drawsOnlyWhenStderrIsATerminal() throws Exception {
        var terminal = new StringWriter();
        var redirected = new StringWriter();
        // Both run side by side: once the terminal's bar is drawn, the redirected one had the same time to draw.
        try (ProgressBar onTerminal = ProgressBar.start(new PrintWriter(terminal), true);
                ProgressBar onFile = ProgressBar.start(new PrintWriter(redirected), false)) {
            onTerminal.onProgress(0.5);
            onFile.onProgress(0.5);
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal.toString().contains("50%"));
        }

        assertThat(terminal.toString()).startsWith("\r[" + "#".repeat(20));
        assertThat(redirected.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "/dev/pts/3, true",
        "/dev/tty1, true",
        "/dev/console, true",
        "/dev/null, false",
        "/tmp/simulate.log, false",
        "'pipe:[48213]', false",
        "'socket:[9921]', false",
    })
    void knowsATerminalFromAFileOrAPipe(String target, boolean terminal) {
        assertThat(Terminal.isTerminalDevice(target)).isEqualTo(terminal);
    }
}

package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import io.mcscale.testkit.net.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors that the web server raises itself, before any route runs, are JSON {@code {"error", "field"}}
 * like every other error: sent over a raw socket, since a client library refuses to send such requests.
 */
class ServerErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("errors").withWorkers(1),
                JobStore.sqlite(dataDir), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    record Case(String name, byte[] request, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String head = "POST /api/simulations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-User-Id: alice\r\n";
        return Stream.of(
                new Case("huge headers", ascii("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\n\r\n"), 431, "headers"),
                new Case("huge URI", ascii("GET /api/simulations/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n"), 414, "uri"),
                new Case("control character in a header", ascii("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\nX-User-Id: al\u0001ice\r\n\r\n"), 400, "request"),
                new Case("chunked body over the limit", chunked(head, 300 * 1024), 413, "body"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theServersOwnErrorsAreJsonNamingTheField(Case c) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(platform.port(), c.request(), Duration.ofSeconds(30));

        assertThat(answer.status()).isEqualTo(c.status());
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("field").asText()).isEqualTo(c.field());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chunked(String head, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(head + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        for (int sent = 0; sent < bytes; sent += chunk.length) {
            out.writeBytes(ascii(Integer.toHexString(chunk.length) + "\r\n"));
            out.writeBytes(chunk);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n\r\n"));
        return out.toByteArray();
    }
}

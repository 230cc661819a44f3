package io.mcscale.scaler.net;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request and waits for its whole answer, body included, no longer than a deadline.
 *
 * <p>{@link HttpRequest.Builder#timeout} only bounds the wait for the response headers: a server that
 * sends its headers and then stalls the body keeps {@link HttpClient#send} blocked for as long as
 * the connection lives. Here the call runs asynchronously and is cancelled (which closes the
 * exchange) when the deadline passes.
 */
public final class HttpDeadline {
    private HttpDeadline() {
    }

    /**
     * The response with its body read as a string, or an {@link HttpTimeoutException} whose message
     * reads "no complete answer within N ms" once {@code deadline} has passed.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getClass().getSimpleName() + " " + cause.getMessage(), cause);
        }
    }
}

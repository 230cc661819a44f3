package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.platform.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How many submissions work on the store at once, per kind of store. */
class SubmitAdmissionTest {
    record Case(JobStore.Kind kind, int concurrent) {
    }

    /**
     * SQLite: 32, what the store's group commit writes in one commit (SubmissionBatcher.MAX_BATCH), so an admitted
     * submission waits for at most the commit in progress and its own. (One at a time, with a synced commit each, a burst
     * on a busy machine got 14-42 of 300 accepted.) PostgreSQL: 8, half its pool.
     */
    static Stream<Case> cases() {
        return Stream.of(new Case(JobStore.Kind.SQLITE, 32), new Case(JobStore.Kind.POSTGRES, 8));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void submissionsPastTheStoresConcurrencyAreShedWith503(Case c) throws Exception {
        SubmitAdmission admission = SubmitAdmission.forStore(c.kind(), 1);
        CountDownLatch writing = new CountDownLatch(c.concurrent());
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(c.concurrent());
        List<CompletableFuture<String>> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < c.concurrent(); i++) {
                admitted.add(CompletableFuture.supplyAsync(() -> admission.admit(0, () -> {
                    writing.countDown();
                    await(finish);
                    return "admitted";
                }), threads));
            }
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("%d admitted at once", c.concurrent()).isTrue();
            assertThatThrownBy(() -> admission.admit(0, () -> "one more")).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status()).isEqualTo(503));
        } finally {
            finish.countDown();
            threads.shutdown();
        }
        for (CompletableFuture<String> future : admitted) {
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("admitted");
        }
        assertThat(admission.admit(0, () -> "after")).isEqualTo("after");
    }

    @Test
    void aSubmissionThatFindsTheWaitingLineFullIsShedAtOnceNotAfterTheWait() throws Exception {
        // One working, one waiting, a wait long enough that only an immediate answer can finish before the work does.
        SubmitAdmission admission = new SubmitAdmission(1, 1, Duration.ofMinutes(10), 1);
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            var first = CompletableFuture.supplyAsync(() -> admission.admit(0, () -> {
                working.countDown();
                await(finish);
                return "first";
            }), threads);
            assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
            var second = CompletableFuture.supplyAsync(() -> admission.admit(0, () -> "second"), threads);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admission.waiting() == 1);

            var third = CompletableFuture.supplyAsync(() -> admission.admit(0, () -> "third"), threads);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(third::isDone);
            assertThat(first).isNotDone();
            assertThatThrownBy(third::join).hasCauseInstanceOf(ApiError.class);
            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(10, TimeUnit.SECONDS)).as("the one in line got its turn").isEqualTo("second");
        } finally {
            finish.countDown();
            threads.shutdown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

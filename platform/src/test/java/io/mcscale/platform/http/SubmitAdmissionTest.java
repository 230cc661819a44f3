package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.platform.store.JobStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How many submissions work on the store at once, per kind of store. */
class SubmitAdmissionTest {
    /**
     * SQLite has one writer, so one submission at a time works on it; the next waits its turn within the admission
     * bound and is shed past it, rather than waiting unbounded for the write lock. (With 8 admitted at once on
     * SQLite, a burst's accepted submissions waited 0.6 s, median, for that lock.) PostgreSQL admits several.
     */
    @ParameterizedTest
    @EnumSource(JobStore.Kind.class)
    void aSecondSubmissionIsAdmittedWhileOneWritesOnlyOnPostgres(JobStore.Kind kind) throws Exception {
        SubmitAdmission admission = SubmitAdmission.forStore(kind, 1);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> admission.admit(0, () -> {
            writing.countDown();
            await(finish);
            return "first";
        }));
        try {
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            if (kind == JobStore.Kind.SQLITE) {
                assertThatThrownBy(() -> admission.admit(0, () -> "second")).isInstanceOfSatisfying(ApiError.class,
                        e -> assertThat(e.status()).isEqualTo(503));
            } else {
                assertThat(admission.admit(0, () -> "second")).isEqualTo("second");
            }
        } finally {
            finish.countDown();
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

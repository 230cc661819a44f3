package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import io.mcscale.platform.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcscale export-demand} against a real SQLite job store, and its CSV read back by {@code mcscale plan}. */
class ExportDemandCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldExportWhatRanAsDemandThatPlanReads() throws Exception {
        Instant now = Instant.now();
        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
        try (JobStore store = JobStore.sqlite(dir)) {
            ran(store, "alice", Tier.ENTERPRISE, twoHoursAgo, Duration.ofSeconds(5), Duration.ofSeconds(42));
            ran(store, "bob,ops", Tier.FREE, twoHoursAgo.plusSeconds(60), Duration.ofSeconds(0), Duration.ofMillis(1500));
            ran(store, "old", Tier.FREE, now.minus(Duration.ofDays(3)), Duration.ofSeconds(1), Duration.ofSeconds(1));
            store.submit(submission("carol", now.minusSeconds(10)), 20, 1000);
        }
        Path csv = dir.resolve("demand.csv");

        InProcessRun run = InProcessRun.of("export-demand", "--since", "1d", "--data-dir", dir.toString(), "--out", csv.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        long midnight = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        double aliceAt = (twoHoursAgo.toEpochMilli() - midnight) / 1000.0;
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("time_s,user_id,work_s,tier");
        assertThat(lines.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f,alice,42.000,enterprise", aliceAt));
        assertThat(lines.get(2)).endsWith(",bob_ops,1.500,free");
        assertThat(run.stderr()).contains("exported 2 simulations", "left out 1 still queued or running",
                "1 rows' user ids had commas or line breaks");

        InProcessRun plan = InProcessRun.of("plan", "--demand", csv.toString(), "--policy", "always-on:1", "--json");
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("\"simulations\":2");
    }

    @Test
    void shouldRejectAnAgeItCannotRead() {
        InProcessRun run = InProcessRun.of("export-demand", "--since", "a week", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--since a week is not an age: use Nd, Nh or Nm, e.g. 7d");
    }

    private static void ran(JobStore store, String user, Tier tier, Instant submitted, Duration waited, Duration ran) {
        JobSubmission job = submission(user, submitted).withTier(tier);
        store.submit(job, 20, 1000);
        Instant started = submitted.plus(waited);
        String id = store.claimNext("test", started, Duration.ofMinutes(5)).orElseThrow().id();
        store.finish(id, "test", JobStatus.SUCCEEDED, "{}", null, 1.0, started.plus(ran));
    }

    private static JobSubmission submission(String user, Instant at) {
        return new JobSubmission(JobIds.newId(at), user, "pi", "{}", 1000, 42, false, at, "test");
    }
}

package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check} and {@code doctor} with PROVIDER=kubernetes: what they say, in one line each, never a stack trace. */
class KubernetesConfigAndDoctorTest {
    @TempDir
    Path dir;

    private Path config(String extra) throws IOException {
        Path file = dir.resolve(".env.autoscaler");
        Files.writeString(file, "PROVIDER=kubernetes\nPRIMARY_MACHINE_ID=platform-1\n"
                + "SECONDARY_MACHINE_ID=platform-2,platform-3,platform-4,platform-5,platform-6,platform-7,platform-8,platform-9,platform-10\n"
                + "LOAD_BALANCER=none\nDATA_DIR=" + dir.resolve("data") + "\n" + extra);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void configCheckSummarisesTheWorkloadOfAGroupOfTen() throws IOException {
        Path file = config("KUBERNETES_WORKLOAD=deployment/mcscale-platform\nKUBERNETES_NAMESPACE=mcscale\nMIN_INSTANCES=3\n");

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.stdout()).contains("provider    kubernetes (deployment/mcscale-platform in namespace mcscale, API found as kubectl does)",
                "primary platform-1, secondaries platform-2, platform-3", "(at least 3, at most 10 instances)")
                .doesNotContain("cannot tell which machine");
    }

    @Test
    void configCheckNamesAMissingOrMalformedWorkloadAndAConfiguredPodUrl() throws IOException {
        Path missing = config("");
        assertThat(InProcessRun.of("config", "check", "--config", missing.toString()).stdout())
                .contains("KUBERNETES_WORKLOAD is required when PROVIDER=kubernetes");

        Path malformed = config("KUBERNETES_WORKLOAD=replicaset/web\nPRIMARY_URL=http://10.0.0.5:8000\n");
        InProcessRun run = InProcessRun.of("config", "check", "--config", malformed.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("KUBERNETES_WORKLOAD=replicaset/web is not allowed: use deployment/NAME or statefulset/NAME",
                "PRIMARY_URL must be empty when PROVIDER=kubernetes").doesNotContain("Exception");
    }

    @Test
    void doctorSaysInOneLineThatTheClusterCannotBeReached() throws IOException {
        int nothingListens = FreePorts.next();
        Path file = config("KUBERNETES_WORKLOAD=deployment/mcscale-platform\nKUBERNETES_NAMESPACE=mcscale\n"
                + "KUBERNETES_API_URL=http://127.0.0.1:" + nothingListens + "\n");

        InProcessRun run = InProcessRun.of("doctor", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("fail kubernetes", "cannot reach the Kubernetes API at http://127.0.0.1:" + nothingListens,
                "to read the scale of deployment/mcscale-platform in namespace mcscale", "check KUBERNETES_API_URL")
                .doesNotContain("\tat ", "Exception:");
        assertThat(run.stdout().lines().filter(line -> line.contains("cannot reach"))).hasSize(1);
        assertThat(run.stdout()).contains("warn metrics", "the cluster, which could not be read").doesNotContain("no pod");
    }
}

package io.mcscale.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.cli.load.LoadUser;
import io.mcscale.platform.auth.ApiKeys;
import io.mcscale.platform.auth.User;
import io.mcscale.platform.store.JobStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoUsersTest {
    @TempDir
    Path platformDataDir;

    @Test
    void shouldRegisterEachUserWithAWorkingKeyAndGiveNewKeysWhenRunAgainInTheSameDirectory() {
        List<LoadUser> first = DemoUsers.register(platformDataDir, 3);
        List<LoadUser> second = DemoUsers.register(platformDataDir, 3);

        assertThat(second).extracting(LoadUser::name).containsExactly("demo-user-1", "demo-user-2", "demo-user-3");
        try (JobStore store = JobStore.sqlite(platformDataDir)) {
            for (int i = 0; i < 3; i++) {
                assertThat(store.users().byKeySha256(ApiKeys.sha256(second.get(i).apiKey())).map(User::name))
                        .contains(second.get(i).name());
                assertThat(store.users().byKeySha256(ApiKeys.sha256(first.get(i).apiKey()))).as("the earlier run's key").isEmpty();
            }
        }
    }
}

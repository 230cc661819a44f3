package io.mcscale.platform.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteUserAccountsTest extends UserAccountsContract {
    @TempDir
    Path dataDir;

    @Override
    JobStore openEmptyStore() {
        return JobStore.sqlite(dataDir);
    }
}

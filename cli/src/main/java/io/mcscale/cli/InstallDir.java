package io.mcscale.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where mcscale is installed: the directory holding {@code bin/mcscale}, found from the running jar. */
final class InstallDir {
    private InstallDir() {
    }

    /**
     * {@code MCSCALE_HOME} when set; otherwise the nearest directory above the jar that holds
     * {@code bin/mcscale} (the checkout runs {@code cli/target/mcscale.jar}); otherwise the working directory.
     */
    static Path find() {
        String home = System.getenv("MCSCALE_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isExecutable(dir.resolve("bin/mcscale"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source to go by (e.g. an unusual class loader): fall back to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }
}

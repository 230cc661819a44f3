package io.mcscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcscale.scaler.admin.AdminClient;
import io.mcscale.scaler.admin.AdminToken;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ConfigException;
import io.mcscale.scaler.config.ControlSettings;
import io.mcscale.scaler.config.Secret;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code status}, {@code scale} and {@code failover} share: finding and authenticating to the running daemon. */
final class AdminCommands {
    private static final String DAEMON_CONFIG = "/etc/monte-carlo-autoscaler/.env.autoscaler";

    private AdminCommands() {
    }

    /** The daemon's admin API as the configuration (file, else environment and defaults) says, with its token: for actions. */
    static AdminClient client(Optional<Path> config) {
        ControlSettings control = settings(config);
        String token = AdminToken.forClient(control.adminToken().map(Secret::reveal), control.dataDir())
                .orElseThrow(() -> new IllegalStateException("no admin token: ADMIN_TOKEN is empty and "
                        + control.dataDir().resolve(AdminToken.FILE_NAME) + " does not exist (is the autoscaler running with this DATA_DIR?)"));
        return new AdminClient(control.adminListenHost() + ":" + control.adminListenPort(), token);
    }

    /** The same API for what only reads ({@code status}, {@code events}): those calls need no token. */
    static AdminClient readOnlyClient(Optional<Path> config) {
        ControlSettings control = settings(config);
        return new AdminClient(control.adminListenHost() + ":" + control.adminListenPort(), "");
    }

    private static ControlSettings settings(Optional<Path> config) {
        if (config.isPresent()) {
            return AutoscalerConfig.load(config.get(), System.getenv()).control();
        }
        try {
            return AutoscalerConfig.fromEnvironment(System.getenv()).control();
        } catch (ConfigException e) {
            // An operator who types "mcscale status" on the scaler's machine has the settings in the daemon's file.
            throw new IllegalArgumentException(e.getMessage() + "\n  no --config given: pass the daemon's file, e.g. --config "
                    + DAEMON_CONFIG + " (install.sh writes it there)", e);
        }
    }

    /** Prints the daemon's answer to a request; exit 0 when it accepted, 1 when it refused. */
    static int report(JsonNode answer, java.io.PrintWriter out, java.io.PrintWriter err) {
        String message = answer.path("message").asText();
        if (answer.path("accepted").asBoolean(false)) {
            out.println(message);
            return 0;
        }
        err.println("refused: " + message);
        return 1;
    }
}

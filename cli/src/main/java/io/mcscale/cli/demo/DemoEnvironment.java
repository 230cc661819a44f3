package io.mcscale.cli.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The keys the demo's autoscaler runs with: the local provider, managed nginx, the demo's ports and timings. */
final class DemoEnvironment {
    private DemoEnvironment() {
    }

    static Map<String, String> autoscaler(Path installDir, Path dataDir, DemoRun.DemoPorts ports, DemoTimings timings, String adminToken,
            String platformAdminToken) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PROVIDER", "local");
        env.put("PRIMARY_MACHINE_ID", DemoRun.PRIMARY);
        env.put("SECONDARY_MACHINE_ID", DemoRun.SECONDARY);
        env.put("PRIMARY_URL", "http://127.0.0.1:" + ports.primary());
        env.put("SECONDARY_URL", "http://127.0.0.1:" + ports.secondary());
        // One worker per instance, so the demo's users build a queue on one machine; a short
        // active-user window, so users who left stop counting within the demo's time. The local
        // provider adds --cpu-source process: the instances share this machine with each other and
        // with whatever else runs on it, so each reports its own CPU, not the host's. Users are known
        // by their API keys (DemoUsers), as on an installed platform.
        env.put("LOCAL_PLATFORM_COMMAND", installDir.resolve("bin/mcscale") + " platform --auth keys --workers 1"
                + " --active-user-window-seconds " + timings.activeUserWindow().toSeconds());
        env.put("LOCAL_DATA_DIR", dataDir.resolve("platform").toString());
        env.put("DATA_DIR", dataDir.toString());
        env.put("ADMIN_LISTEN", "127.0.0.1:" + ports.admin());
        env.put("ADMIN_TOKEN", adminToken);
        env.put("PLATFORM_ADMIN_TOKEN", platformAdminToken);
        env.put("LOAD_BALANCER", "nginx");
        env.put("NGINX_MODE", "managed");
        env.put("NGINX_LISTEN_PORT", Integer.toString(ports.nginx()));
        env.put("NGINX_PREFIX_DIR", DemoRun.nginxPrefix(dataDir).toString());
        env.put("START_TIMEOUT_SECONDS", "60");
        env.put("STOP_TIMEOUT_SECONDS", "60");
        env.putAll(timings.autoscalerKeys());
        return env;
    }
}

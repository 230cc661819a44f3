package io.mcscale.scaler.provider;

import io.mcscale.core.model.InstanceSpec;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ProviderSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The machine this scaler runs on, which it must never stop or restart through the provider: in the guide's layout
 * that is the primary, and with it go the scaler and nginx, with nothing left to bring them back.
 *
 * @param machineId the machine's provider id
 * @param why how it was found, for the log and for refusals
 */
public record ScalerMachine(String machineId, String why) {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /**
     * {@code SCALER_MACHINE_ID} when set. Otherwise, with Paperspace (where a machine is a whole host), the primary
     * when {@code PRIMARY_URL}'s host is loopback or one of {@code thisMachinesAddresses}. Host names other than
     * {@code localhost} are not looked up (no DNS at start): set {@code SCALER_MACHINE_ID} for them. The local
     * provider's machines are processes, not hosts, so there only the explicit setting counts.
     */
    public static Optional<ScalerMachine> decide(Optional<String> configuredId, ProviderSettings.Kind provider, InstanceSpec primary,
            Set<InetAddress> thisMachinesAddresses) {
        if (configuredId.isPresent()) {
            return Optional.of(new ScalerMachine(configuredId.get(), "SCALER_MACHINE_ID"));
        }
        if (provider != ProviderSettings.Kind.PAPERSPACE || primary.platformUrl().isEmpty()) {
            return Optional.empty();
        }
        String host = primary.platformUrl().get().getHost();
        Optional<InetAddress> address = literalAddress(host);
        boolean local = host.equalsIgnoreCase("localhost")
                || address.map(a -> a.isLoopbackAddress() || thisMachinesAddresses.contains(a)).orElse(false);
        return local
                ? Optional.of(new ScalerMachine(primary.machineId(), "PRIMARY_URL's host " + host + " is this machine"))
                : Optional.empty();
    }

    /** {@link #decide} with this machine's addresses from its network interfaces. */
    public static Optional<ScalerMachine> of(AutoscalerConfig config) {
        return decide(config.provider().scalerMachineId(), config.provider().kind(), config.group().primary(), addressesOfThisMachine());
    }

    static Set<InetAddress> addressesOfThisMachine() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // No interface list: only loopback and localhost are recognised, which is the guide's PRIMARY_URL anyway.
        }
        return addresses;
    }

    private static Optional<InetAddress> literalAddress(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** e.g. {@code ps1234567 (PRIMARY_URL's host 127.0.0.1 is this machine)}. */
    @Override
    public String toString() {
        return machineId + " (" + why + ")";
    }
}

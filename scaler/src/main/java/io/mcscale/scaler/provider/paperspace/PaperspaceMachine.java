package io.mcscale.scaler.provider.paperspace;

/**
 * The fields of a Paperspace v1 machine object that mcscale uses. {@code state} is the API's word
 * as sent (it may be one we do not know); {@code usageRate} is USD per hour while running,
 * {@code storageRate} USD per month, paid even while off. Missing IPs are null.
 */
public record PaperspaceMachine(
        String id,
        String name,
        String state,
        String machineType,
        double usageRate,
        double storageRate,
        String privateIp,
        String publicIp,
        String region) {
}

package io.mcscale.platform.auth;

/**
 * Who sent a request, once authentication has decided: the user's id (the jobs' owner) and tier.
 * With {@code --auth keys} both come from the user's API key; with {@code --auth header} the id is the
 * trusted {@code X-User-Id} and the tier is the registered user's, or {@link Tier#FREE}.
 */
public record Caller(String userId, Tier tier) {
}

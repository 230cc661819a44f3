package io.mcscale.platform.auth;

/**
 * A key just made for a user: the secret itself, which is shown to the operator once and never stored, and what the
 * store keeps of it.
 *
 * @param secret the key the user sends as {@code Authorization: Bearer}
 * @param sha256 its SHA-256 in hex (see {@link ApiKeys} for why a plain hash)
 * @param prefix its first {@link ApiKeys#SHOWN_CHARACTERS} characters after {@code mcs_}, for listings
 */
public record IssuedKey(String secret, String sha256, String prefix) {
    /** Without the secret, so that logging the record cannot leak it. */
    @Override
    public String toString() {
        return "IssuedKey[" + ApiKeys.shown(prefix) + "]";
    }
}

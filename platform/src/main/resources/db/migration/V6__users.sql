-- Registered users and their API keys (mcscale users add/list/revoke). Only a key's SHA-256 is kept, never the key:
-- keys are 256 random bits, so a plain hash cannot be reversed by guessing (see ApiKeys). key_prefix holds the first
-- 4 characters of the key after "mcs_", to tell keys apart in listings. A revoked user keeps the row (revoked_at set),
-- so that their simulations keep an owner on record; adding the name again gives it a new key.
CREATE TABLE users (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    tier       VARCHAR(16) NOT NULL,
    key_sha256 VARCHAR(64) NOT NULL,
    key_prefix VARCHAR(4)  NOT NULL,
    created_at BIGINT      NOT NULL,
    revoked_at BIGINT
);

CREATE UNIQUE INDEX users_by_key ON users (key_sha256);

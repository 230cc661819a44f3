-- A client's Idempotency-Key for a submission, per user, so that a POST resent after a dropped connection returns
-- the simulation it already made instead of queueing a second one. The request's SHA-256 tells a resend (same body)
-- from a key reused for a different request. Jobs without a key have NULL there, which never conflicts.
ALTER TABLE jobs ADD COLUMN idempotency_key VARCHAR(200);
ALTER TABLE jobs ADD COLUMN request_sha256 VARCHAR(64);

CREATE UNIQUE INDEX jobs_idempotency ON jobs (user_id, idempotency_key);

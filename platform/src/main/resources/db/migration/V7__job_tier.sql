-- Each simulation keeps the tier of the user who submitted it, and each user sighting the tier the user had: the
-- fair-share claim weights users by tier, and /api/metrics reports queue, waits and active users per tier. Jobs and
-- users from before tiers existed are free. (V6 is the users table of API keys.)
ALTER TABLE jobs ADD COLUMN tier VARCHAR(16) NOT NULL DEFAULT 'free';
ALTER TABLE user_activity ADD COLUMN tier VARCHAR(16) NOT NULL DEFAULT 'free';

-- The claim reads each queued job's user, age and tier: with the tier in the index it never visits the table.
DROP INDEX jobs_claim;
CREATE INDEX jobs_claim ON jobs (status, user_id, submitted_at, tier);
-- /api/metrics counts, per tier, the queued simulations submitted through its instance and reads the oldest ones.
CREATE INDEX jobs_queued_via ON jobs (status, submitted_via, tier, submitted_at);

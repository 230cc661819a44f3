-- What each job costs, in random draws (paths x the model's draws per path), so that a user's queued work can be
-- bounded at submit. Jobs from before this column count one draw per path.
ALTER TABLE jobs ADD COLUMN work BIGINT NOT NULL DEFAULT 0;
UPDATE jobs SET work = paths;

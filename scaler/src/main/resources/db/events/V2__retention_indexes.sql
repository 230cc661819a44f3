-- Retention deletes by time; without these a daily prune reads every decision and action.
CREATE INDEX decisions_by_time ON decisions (at_ms);
CREATE INDEX actions_by_start ON actions (started_ms);

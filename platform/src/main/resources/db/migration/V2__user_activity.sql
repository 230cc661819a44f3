-- Which instance saw each user last. Each user is counted in active_users by that one instance only, so the
-- scaler's sum of active_users over instances (Contract 3) counts a user once, however nginx routed them.
CREATE TABLE user_activity (
    user_id     VARCHAR(200) NOT NULL PRIMARY KEY,
    instance_id VARCHAR(200) NOT NULL,
    last_seen   BIGINT       NOT NULL
);

CREATE INDEX user_activity_by_instance ON user_activity (instance_id, last_seen);

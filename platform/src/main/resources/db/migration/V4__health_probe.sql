-- One row per instance, rewritten by its /api/health: a write that must succeed for the instance to say it is
-- healthy (a read alone still works on a full disk, a read-only directory or a database locked against writers).
CREATE TABLE health_probe (
    instance_id VARCHAR(200) NOT NULL PRIMARY KEY,
    probed_at   BIGINT       NOT NULL
);

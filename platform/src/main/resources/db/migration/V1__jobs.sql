-- The job store, shared by every platform instance. One schema for SQLite and PostgreSQL:
-- times are epoch milliseconds, flags are 0/1 integers, JSON is text.
CREATE TABLE jobs (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id          VARCHAR(200) NOT NULL,
    model            VARCHAR(100) NOT NULL,
    parameters       TEXT         NOT NULL,
    paths            BIGINT       NOT NULL,
    seed             BIGINT       NOT NULL,
    antithetic       INTEGER      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    progress         DOUBLE PRECISION NOT NULL,
    result           TEXT,
    error            TEXT,
    submitted_at     BIGINT       NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    -- the instance the job was submitted through (metrics count each queued job once)
    submitted_via    VARCHAR(200) NOT NULL,
    -- the instance running it, and until when its lease holds
    instance_id      VARCHAR(200),
    lease_until      BIGINT,
    cancel_requested INTEGER      NOT NULL
);

CREATE INDEX jobs_claim ON jobs (status, user_id, submitted_at);
CREATE INDEX jobs_by_user ON jobs (user_id, submitted_at);
CREATE INDEX jobs_by_instance ON jobs (instance_id, status);

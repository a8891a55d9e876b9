-- Tracking: the usage log's rows of one protected content id, in time order (rmsctl track, content/{id}/tracking).
CREATE INDEX IF NOT EXISTS usage_log_content_time ON usage_log (content_id, logged_at);

-- Revocation: one row per revoked content id. Every licence decision for a content id reads its row by the primary
-- key, so a revocation written through any cloud node is seen by every node at its next decision.
CREATE TABLE IF NOT EXISTS content_revocation (
    content_id        VARCHAR(256) NOT NULL PRIMARY KEY,
    revoked_by        VARCHAR(256) NOT NULL,
    revoked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    allow_super_users BOOLEAN      NOT NULL
);

-- What every cloud node shares, so that nodes behind one load balancer hold nothing of their own that a request
-- needs (docs/cloud-service.md, "Several nodes"). Portable SQL for H2 2.x and PostgreSQL, re-runnable like V1.

-- Ids of actor assertions and session assertions accepted so far: inserting the id is its first use, a unique
-- violation a replay, at whichever node. id_hash is the SHA-256 (hex) of the connector id and the jti, so the row
-- has a fixed size whatever the id. A row is kept until expires_at (the assertion's expiry plus the clock skew),
-- after which the assertion is refused as expired anyway, and then purged.
CREATE TABLE IF NOT EXISTS used_assertion (
    id_hash    CHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS used_assertion_expiry ON used_assertion (expires_at);

-- Channel sessions, opened at any node, usable at every node. The session key is never stored: assertion is the
-- connector's signed session assertion, whose key is wrapped for the tenant key (docs/protocol.md §3.x.1), so a
-- node that has not seen the session unwraps it once with the tenant key. Removing a connector removes its sessions.
CREATE TABLE IF NOT EXISTS channel_session (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    connector_id VARCHAR(64)   NOT NULL REFERENCES registered_connector (id) ON DELETE CASCADE,
    assertion    VARCHAR(8000) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS channel_session_expiry ON channel_session (expires_at);

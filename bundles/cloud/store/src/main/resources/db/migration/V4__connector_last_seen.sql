-- When the service last authenticated a call signed by each connector (its actor assertion), so administrators
-- see which connector nodes are alive. Written at most once a minute per connector; null until the first call.
-- Portable SQL for H2 2.x and PostgreSQL, re-runnable like V1.
ALTER TABLE registered_connector ADD COLUMN IF NOT EXISTS last_seen TIMESTAMP WITH TIME ZONE;

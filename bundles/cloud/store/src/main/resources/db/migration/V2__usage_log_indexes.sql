-- Usage queries select a time range, optionally for one user.
CREATE INDEX IF NOT EXISTS usage_log_time ON usage_log (logged_at);
CREATE INDEX IF NOT EXISTS usage_log_user_time ON usage_log (user_id, logged_at);

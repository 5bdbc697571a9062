-- How many requests a row stands for: 1, or the number of anonymous denied requests aggregated into it.
ALTER TABLE audit_log ADD COLUMN request_count INTEGER DEFAULT 1 NOT NULL;

-- Large catalogs (issue 13): the backup list and the audit trail answer from indexes, whatever their size.
-- Written to run unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- The backup list is read newest first (started_at, then id); one index serves the whole list and each page.
CREATE INDEX backups_started_id_idx ON backups (started_at, id);
DROP INDEX backups_started_at_idx;

-- The audit trail is read newest first (id) filtered by action or actor: an index on both finds one page of a
-- rare action without walking the whole trail backwards, and counts one action without touching the table.
CREATE INDEX audit_log_action_id_idx ON audit_log (action, id);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor, id);
DROP INDEX audit_log_action_idx;
DROP INDEX audit_log_actor_idx;

-- How many rows audit_log has, kept in the transaction that writes or trims them (AuditTrail), so the
-- unfiltered trail answers its total without counting a million rows on every request. Recounted each night
-- after the trim, which corrects rows written or removed by anything else.
CREATE TABLE audit_log_count (
    id         INTEGER PRIMARY KEY,
    row_count  BIGINT  NOT NULL
);
INSERT INTO audit_log_count (id, row_count) SELECT 1, COUNT(*) FROM audit_log;

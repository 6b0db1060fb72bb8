-- The database session that holds the retraining-job lock for a RUNNING job (PostgreSQL backend
-- pid, H2 session id). A RUNNING row whose session no longer holds the lock belongs to a process
-- that died: any reader marks it FAILED at once instead of waiting for the next job to start.
ALTER TABLE retraining_jobs ADD COLUMN lock_session BIGINT;

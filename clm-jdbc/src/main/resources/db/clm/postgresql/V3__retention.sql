-- Retention, callable by clm (JdbcRetention) or by a database scheduler such as pg_cron:
--   SELECT clm_purge_shadow_results(now(), 90);
--   SELECT clm_archive_retired_models(now(), 180);
-- Both take "now" as a parameter so that clm can pass its injected clock.

-- Deletes shadow samples whose signal time is older than p_retention_days; returns how many.
CREATE FUNCTION clm_purge_shadow_results(p_now TIMESTAMP WITH TIME ZONE, p_retention_days INTEGER)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    deleted BIGINT;
BEGIN
    IF p_retention_days IS NULL OR p_retention_days < 0 THEN
        RAISE EXCEPTION 'p_retention_days must be >= 0, was %', p_retention_days;
    END IF;
    DELETE FROM shadow_test_results WHERE signal_time < p_now - make_interval(days => p_retention_days);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;

-- Marks RETIRED versions retired for longer than p_retention_days as archived (rows and
-- artifacts are kept: versions are never deleted); returns how many were archived.
CREATE FUNCTION clm_archive_retired_models(p_now TIMESTAMP WITH TIME ZONE, p_retention_days INTEGER)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    archived BIGINT;
BEGIN
    IF p_retention_days IS NULL OR p_retention_days < 0 THEN
        RAISE EXCEPTION 'p_retention_days must be >= 0, was %', p_retention_days;
    END IF;
    UPDATE model_registry SET archived_at = p_now
    WHERE status = 'RETIRED' AND archived_at IS NULL AND retired_at < p_now - make_interval(days => p_retention_days);
    GET DIAGNOSTICS archived = ROW_COUNT;
    RETURN archived;
END
$$;

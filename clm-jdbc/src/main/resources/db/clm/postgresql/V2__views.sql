-- Views for dashboards and operators (identical on PostgreSQL and H2).

-- The ACTIVE version of every model type.
CREATE VIEW active_models_summary AS
SELECT model_type, version, promoted_at, trained_at, training_start, training_end, data_points, metrics,
       parent_version, checksum, size_bytes, format, promotion_reason
FROM model_registry
WHERE status = 'ACTIVE';

-- Live shadow evidence per shadow version: samples, outcomes, error and direction accuracy of
-- the shadow and the active model on the samples whose outcome is known.
CREATE VIEW shadow_models_summary AS
SELECT s.model_type,
       s.shadow_version,
       r.status AS shadow_status,
       COUNT(*) AS samples,
       COUNT(s.realised_return) AS outcomes,
       AVG(ABS(s.shadow_prediction - s.realised_return)) AS shadow_mae,
       AVG(ABS(s.active_prediction - s.realised_return)) AS active_mae,
       AVG(CASE WHEN s.realised_return IS NULL THEN NULL
                WHEN SIGN(s.shadow_prediction) = SIGN(s.realised_return) THEN 1.0 ELSE 0.0 END) AS shadow_direction_accuracy,
       AVG(CASE WHEN s.realised_return IS NULL THEN NULL
                WHEN SIGN(s.active_prediction) = SIGN(s.realised_return) THEN 1.0 ELSE 0.0 END) AS active_direction_accuracy,
       SUM(s.pnl) AS total_pnl,
       MIN(s.signal_time) AS first_signal_at,
       MAX(s.signal_time) AS last_signal_at
FROM shadow_test_results s
LEFT JOIN model_registry r ON r.model_type = s.model_type AND r.version = s.shadow_version
GROUP BY s.model_type, s.shadow_version, r.status;

-- Drift findings of the last seven days.
CREATE VIEW recent_drift_events AS
SELECT id, detected_at, drift_type, severity, model_type, feature, statistic, p_value, log10_p_value, psi, action
FROM drift_events
WHERE detected_at >= CURRENT_TIMESTAMP - INTERVAL '7' DAY;

-- The newest health snapshot of every logged (model type, version), with its registry status.
CREATE VIEW model_performance_dashboard AS
SELECT p.model_type, p.version, r.status, p.logged_at, p.window_millis, p.predictions, p.outcomes,
       p.winrate, p.winrate_lower, p.winrate_upper, p.calibration_error, p.long_short_ratio,
       p.latency_p50_micros, p.latency_p95_micros, p.latency_p99_micros, p.coverage, p.health
FROM (SELECT l.*, ROW_NUMBER() OVER (PARTITION BY l.model_type, l.version ORDER BY l.logged_at DESC, l.id DESC) AS rn
      FROM model_performance_logs l) p
LEFT JOIN model_registry r ON r.model_type = p.model_type AND r.version = p.version
WHERE p.rn = 1;

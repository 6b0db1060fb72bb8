/**
 * Durable clm on a database: {@link dev.clm.jdbc.ClmDatabase} connects (HikariCP), migrates the
 * schema (Flyway scripts per dialect under {@code db/clm/postgresql} and {@code db/clm/h2}) and
 * hands out {@link dev.clm.jdbc.JdbcModelRegistry} (model bytes in a
 * {@link dev.clm.jdbc.FileArtifactStore}) and the JDBC stores of the clm-api interfaces.
 * PostgreSQL is the production target; embedded H2 (PostgreSQL mode) is the zero-setup default.
 *
 * <p>Tables: {@code model_registry}, {@code shadow_test_results}, {@code rl_versions},
 * {@code drift_events}, {@code model_performance_logs}, {@code retraining_jobs} (plus
 * {@code clm_locks} for row locks and {@code clm_ohlcv_bars} for {@link dev.clm.jdbc.JdbcDataClient});
 * views {@code active_models_summary}, {@code shadow_models_summary}, {@code recent_drift_events},
 * {@code model_performance_dashboard}; retention routines {@code clm_purge_shadow_results} and
 * {@code clm_archive_retired_models} ({@link dev.clm.jdbc.JdbcRetention}). Every statement uses
 * bind parameters; the only identifiers placed in SQL text are constants and validated names.
 */
package dev.clm.jdbc;

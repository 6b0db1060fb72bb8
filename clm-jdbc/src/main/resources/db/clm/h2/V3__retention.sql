-- Retention on H2: the same two callable routines as on PostgreSQL, implemented as Java
-- functions (H2 has no procedural SQL); clm calls them with the same statement on both:
--   SELECT clm_purge_shadow_results(?, ?);   SELECT clm_archive_retired_models(?, ?);
CREATE ALIAS clm_purge_shadow_results FOR 'dev.clm.jdbc.internal.H2Retention.purgeShadowResults';
CREATE ALIAS clm_archive_retired_models FOR 'dev.clm.jdbc.internal.H2Retention.archiveRetiredModels';

/**
 * Feature engineering: {@link dev.clm.features.TechnicalFeatureEngineer} (the default
 * {@link dev.clm.api.FeatureEngineer}) turns OHLCV bars into a leakage-free matrix of classic
 * technical features plus the forward log-return label, configured by
 * {@link dev.clm.features.FeatureConfig}; {@link dev.clm.features.DataQualityReport} shows gaps and
 * outage bars; {@link dev.clm.features.ReferenceIndicators} exposes the raw indicators (checked
 * against ta4j).
 */
package dev.clm.features;

/**
 * Feature engineering: {@link dev.clm.features.TechnicalFeatureEngineer} (the default
 * {@link dev.clm.api.FeatureEngineer}) turns OHLCV bars into a leakage-free matrix of classic
 * technical features plus the label (forward log return by default, see {@link dev.clm.api.LabelKind}), configured by
 * {@link dev.clm.features.FeatureConfig}; {@link dev.clm.features.DataQualityReport} shows gaps and
 * outage bars. User-defined columns plug in as feature families (see the engineer's builder).
 */
package dev.clm.features;

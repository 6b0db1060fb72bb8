/**
 * XGBoost trained on an Apache Spark cluster (xgboost4j-spark), returning the same model and
 * artifact as the local {@link dev.clm.models.xgboost.XGBoostTrainer}. Spark and xgboost4j-spark
 * are optional dependencies of clm-models: an application that uses this package adds them (a
 * cluster provides Spark itself).
 */
package dev.clm.models.spark;

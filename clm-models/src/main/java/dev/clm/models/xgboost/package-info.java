/** XGBoost (xgboost4j) regression trainer and model; single rows evaluated by {@link dev.clm.models.trees.XGBoostFlatTrees}. */
package dev.clm.models.xgboost;

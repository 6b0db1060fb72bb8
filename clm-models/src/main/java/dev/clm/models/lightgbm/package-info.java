/** LightGBM (lightgbm4j) regression trainer and model; single rows evaluated by {@link dev.clm.models.trees.LightGbmFlatTrees}. */
package dev.clm.models.lightgbm;

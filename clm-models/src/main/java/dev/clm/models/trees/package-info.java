/**
 * The hot-path tree evaluator: XGBoost and LightGBM ensembles compiled from the libraries'
 * own model dumps into flat primitive arrays and evaluated in Java, equal to the libraries'
 * predictions (tests check exact equality on 500-tree depth-7 models).
 */
package dev.clm.models.trees;

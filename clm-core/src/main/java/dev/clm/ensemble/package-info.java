/**
 * Blending and stacking ensembles over other model types' registry versions.
 *
 * <p>{@link dev.clm.ensemble.EnsembleTrainer} is a {@link dev.clm.api.ModelTrainer} for
 * {@link dev.clm.api.ModelType#BLEND} and {@link dev.clm.api.ModelType#STACK}: an ensemble
 * version records its members' versions and is trained, evaluated, shadow-tested and promoted
 * like any other type (the manager promotes it only if every member loads). Fitting never uses
 * a member forecast made on a row that member trained on: {@link dev.clm.ensemble.PurgedKFold}
 * out-of-fold refits, or the rows after the members' training data ended.
 * {@link dev.clm.ensemble.SimplexLeastSquares} fits blend weights (non-negative, summing to 1);
 * {@link dev.clm.ensemble.MetaLearner} fits the stacking meta-learner.
 */
package dev.clm.ensemble;

/**
 * Online learning: {@link dev.clm.online.OnlineLearner}, a streaming linear model that updates
 * on every closed trade in O(features) without allocating, readable from many threads while
 * one thread learns; {@link dev.clm.online.OnlineTrainer} makes its snapshots registry
 * versions of {@link dev.clm.api.ModelType#ONLINE}.
 *
 * <p>Live use in an engine: load the ACTIVE online version as a learner
 * ({@code OnlineLearner.fromSnapshot(registry.loadBytes(ModelType.ONLINE, active.version()))}),
 * predict with it on the signal path, call {@code learnOne(features, realisedReturn, weight)}
 * when each trade closes (never before its label is known), and register its state as a new
 * CANDIDATE version when wanted ({@code ContinuousLearningManager.registerOnlineSnapshot});
 * it is then shadow-tested and promoted by the same rules as a batch model. When a new
 * online version is promoted, {@code copyStateFrom} swaps the live learner to it atomically.
 */
package dev.clm.online;

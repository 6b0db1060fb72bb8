/**
 * Model trainers for clm: {@link dev.clm.models.CompositeModelTrainer} (dispatch by
 * {@link dev.clm.api.ModelType}, open to an engine's own kinds), the shared parameter schema
 * ({@link dev.clm.api.ParamSchema}, {@link dev.clm.models.TreeParams}), the input checks
 * ({@link dev.clm.models.TrainingInputs}) and the serialized envelope
 * ({@link dev.clm.models.ModelEnvelope}). The libraries live in sub-packages.
 */
package dev.clm.models;

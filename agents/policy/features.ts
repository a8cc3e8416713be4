// The policy's feature vocabulary, as the strategist's model sees it: the
// names of the numbers that describe one compilable function, in their fixed
// order. The vocabulary and its extraction are the tools' (tools/features.ts,
// one list for the model, the vector memory's embeddings and the tools); how
// the model transforms them (log1p of counts, ...) is model.ts's
// (DEFAULT_TRANSFORMS). Saved models with another list no longer load, by
// design (their feature names differ).

export { FEATURE_NAMES, FeatureVectorInvalid, fromArray, toArray, type FeatureName, type FeatureVector } from "../../tools/features.js";

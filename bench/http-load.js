#!/usr/bin/env node
// Fixed-rate HTTP load on the search API with autocannon (npm), rotating through real queries, so a
// slow server is measured against the rate asked for (open-loop), not only against itself:
//
//   npm install --prefix /tmp/load autocannon@8
//   NODE_PATH=/tmp/load/node_modules node bench/http-load.js --url http://localhost:8097 \
//       --queries captions.txt --rate 100 --connections 8 --seconds 20 [--kind text|image] [--image FILE]
//
// text: GET /api/search?q=<line>; image: POST multipart with the same picture each time.
// Prints requests/s, p50/p90/p99 latency, errors and non-2xx, as JSON and one table row.
'use strict';
const autocannon = require('autocannon');
const fs = require('fs');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const url = args.url || 'http://localhost:8080';
const kind = args.kind || 'text';
const queries = kind === 'text' ? fs.readFileSync(args.queries, 'utf8').split('\n').map(s => s.trim()).filter(Boolean) : [];
let next = 0;

const requests = kind === 'text'
  ? [{ method: 'GET', setupRequest: req => ({ ...req, path: '/api/search?k=20&q=' + encodeURIComponent(queries[next++ % queries.length]) }) }]
  : (() => {
      const boundary = 'mmsearchload';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="q.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        fs.readFileSync(args.image),
        Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return [{ method: 'POST', path: '/api/search', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body }];
    })();

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

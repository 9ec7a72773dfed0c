// A webhook receiver for the aggregation worker's tests. Every POST is verified with the official Standard Webhooks
// verifier (npm standardwebhooks), once per secret configured for its path, and logged; the answer's status follows
// the path's configured sequence (the last one repeats), 200 by default.
//
//   node receiver.js            -> prints "LISTENING <port>" (127.0.0.1, a free port)
//   POST /_setup {"path": "/a", "secrets": ["whsec_..."], "statuses": [500, 200]}
//   POST /a ... (a webhook)
//   GET  /_log                  -> [{path, id, timestamp, signature, type, body, verified: [true|false per secret], errors}]
'use strict';
const http = require('http');
const { Webhook } = require('standardwebhooks');

const paths = new Map();
const log = [];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  try {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url === '/_setup') {
      const setup = JSON.parse(body);
      paths.set(setup.path, { secrets: setup.secrets || [], statuses: setup.statuses || [200], served: 0 });
      return answer(res, 200, { ok: true });
    }
    if (req.method === 'GET' && req.url === '/_log') {
      return answer(res, 200, log);
    }
    const conf = paths.get(req.url) || { secrets: [], statuses: [200], served: 0 };
    const verified = [];
    const errors = [];
    for (const secret of conf.secrets) {
      try {
        new Webhook(secret).verify(body, req.headers);
        verified.push(true);
        errors.push(null);
      } catch (e) {
        verified.push(false);
        errors.push(String(e && e.message));
      }
    }
    let type = null;
    try {
      type = JSON.parse(body).type;
    } catch (e) {
      type = null;
    }
    log.push({
      path: req.url,
      id: req.headers['webhook-id'] || null,
      timestamp: req.headers['webhook-timestamp'] || null,
      signature: req.headers['webhook-signature'] || null,
      type,
      body,
      verified,
      errors,
    });
    const status = conf.statuses[Math.min(conf.served, conf.statuses.length - 1)];
    conf.served += 1;
    return answer(res, status, { received: true, status });
  } catch (e) {
    return answer(res, 400, { error: String(e && e.message) });
  }
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write('LISTENING ' + server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0)); // the test closes stdin (or dies): stop
process.stdin.resume();

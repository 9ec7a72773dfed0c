// A local HTTP server standing in for the ingest API: answers from a script (one per request, then the fallback)
// and records every request body, inflated. DROP destroys the socket without an answer.
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";

export const DROP = { drop: true };

export const json = (status, body, headers = {}) => ({ status, body: typeof body === "string" ? body : JSON.stringify(body), headers });

export function acceptAll(req) {
  const n = req.body.events?.length ?? 0;
  return json(202, { batch_id: "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", status: "accepted", accepted: n, duplicates: 0, rejected: 0, errors: [] });
}

export async function startFakeApi() {
  const requests = [];
  const script = [];
  let fallback = acceptAll;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      let raw = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      const record = { method: req.method, path: req.url.replace(/\?.*/, ""), url: req.url, headers: req.headers, body: raw.length ? JSON.parse(raw) : {} };
      record.eventIds = () => (record.body.events ?? []).map((e) => e.event_id);
      requests.push(record);
      const answer = await (script.shift() ?? fallback)(record);
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    reply(answer) {
      script.push(typeof answer === "function" ? answer : () => answer);
      return this;
    },
    otherwise(fn) {
      fallback = fn;
      return this;
    },
    ingestedIds: () => requests.filter((r) => r.path === "/v1/events/ingest").flatMap((r) => r.eventIds()),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// The production server: Next.js behind a plain Node HTTP server.
//
// Everything goes to Next.js except the one hot write path, POST
// /api/v1/incidents/{id}/events, which calls the very same route handler
// directly. Next's per-request routing costs about a millisecond of the
// single server thread, which capped timeline ingest well below the
// 1,000 events/s an incident with many responders and bots needs.
import http from "node:http";
import { Readable } from "node:stream";
import next from "next";
import { POST as postTimelineEvent } from "./app/api/v1/incidents/[id]/events/route";
import { closeDb } from "./lib/db/client";
import { authSecretProblem } from "./lib/auth/secret";
import { closeLiveBus, liveBus } from "./lib/timeline/live-bus";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
// An incident id is a UUID; anything else falls through to Next.js (and a 404).
const EVENTS_PATH = /^\/api\/v1\/incidents\/([0-9a-fA-F-]{36})\/events\/?(?:\?.*)?$/;

function toWebRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  // Streamed, so the handler's size limit applies before the body is buffered.
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

/**
 * The client's address, as better-auth reads it for sign-in rate limits (and
 * sessions): X-Forwarded-For. Next.js only fills it in when absent, so a
 * client could write its own and get a fresh rate-limit bucket per request.
 * It is always the socket's peer here, unless DEBRIEF_TRUST_PROXY=1 says a
 * reverse proxy in front appends the real address: then its last hop counts.
 */
function setClientAddress(req: http.IncomingMessage): void {
  const peer = req.socket.remoteAddress ?? "";
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((h) => h.trim()).filter(Boolean);
  req.headers["x-forwarded-for"] = process.env.DEBRIEF_TRUST_PROXY === "1" ? (hops.at(-1) ?? peer) : peer;
}

async function sendWebResponse(req: http.IncomingMessage, res: http.ServerResponse, response: Response): Promise<void> {
  // A refused body (413) is left unread and its socket is torn down; tell the
  // client not to send its next request on this connection.
  if (!req.complete) res.setHeader("connection", "close");
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function main(): Promise<void> {
  // Refuse to start rather than fail every sign-in later.
  const secretProblem = authSecretProblem();
  if (secretProblem) {
    console.error(`[debrief] cannot start: ${secretProblem}`);
    process.exit(1);
  }
  // On PostgreSQL the bus LISTENs before the first viewer connects.
  liveBus();
  const app = next({ dev: false, dir: __dirname, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    setClientAddress(req);
    const match = req.method === "POST" ? EVENTS_PATH.exec(req.url ?? "") : null;
    if (!match) return void handle(req, res);
    postTimelineEvent(toWebRequest(req), { params: Promise.resolve({ id: match[1] ?? "" }) })
      .then((response) => sendWebResponse(req, res, response))
      .catch((err: unknown) => {
        console.error("[debrief] fast lane failed:", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on the server", issues: [] } }));
      });
  });

  server.listen(port, hostname, () => {
    console.log(`Debrief ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
  });

  // Finish in-flight writes, then exit; open SSE streams are cut after 3 s
  // (clients reconnect and catch up by themselves).
  const shutdown = () => {
    server.close(() => void Promise.allSettled([closeLiveBus(), closeDb()]).finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 3000).unref();
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

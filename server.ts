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
import { closeLiveBus, liveBus } from "./lib/live/bus";
import { startAccessSync } from "./lib/auth/access-sync";
import { announceSetupCode } from "./lib/auth/setup-code";
import { needsSetup } from "./lib/auth/users";
import { backfillPeople } from "./lib/people/backfill";
import { startBackupsFromEnv } from "./lib/backup/scheduler";
import { startStatusSiteFromEnv } from "./lib/status-site/start";
import { startMarkdownPool, stopMarkdownPool } from "./lib/workers/pool";
import { ensureWorkers } from "./scripts/build-workers.mjs";
import { databaseUrl, providerOf, sqliteFile } from "./lib/db/url";
import { busyTimeoutMs, checkSqliteDatabase } from "./lib/db/sqlite-files.mjs";
import { checkPostgresDatabase } from "./scripts/db-postgres.mjs";
import { ALLOWED_METHODS, checkHost, checkMethod, checkTarget, ignoreUpgrade, isApiPath, refusalBody, type EdgeRefusal } from "./lib/http/request-edge";
import { configuredPublicUrl, publicUrlWarning } from "./lib/public-url";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
// An incident id is a UUID; anything else falls through to Next.js (and a 404).
const EVENTS_PATH = /^\/api\/v1\/incidents\/([0-9a-fA-F-]{36})\/events\/?(?:\?.*)?$/;
// The app's own page for an address that cannot be read; always a 400.
const BAD_REQUEST_PAGE = "/bad-request";

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
  const trusted = process.env.DEBRIEF_TRUST_PROXY === "1";
  req.headers["x-forwarded-for"] = trusted ? (hops.at(-1) ?? peer) : peer;
  // Nor may a client claim another host or TLS: without a trusted proxy
  // these go, and Next.js fills them in from the request itself.
  if (!trusted) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
}

async function sendWebResponse(req: http.IncomingMessage, res: http.ServerResponse, response: Response): Promise<void> {
  // A refused body (413) is left unread and its socket is torn down; tell the
  // client not to send its next request on this connection.
  if (!req.complete) res.setHeader("connection", "close");
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A JSON 400 for a request refused at the door; the connection is closed after it. */
function refuseAtEdge(res: http.ServerResponse, refusal: EdgeRefusal): void {
  const body = refusalBody(refusal);
  res.writeHead(refusal.status, {
    ...(refusal.status === 405 ? { allow: ALLOWED_METHODS.join(", ") } : {}),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
    connection: "close",
  });
  res.end(body);
}

/** Every response of this request gets `status`, whatever Next.js sets (the bad-request page). */
function forceStatus(res: http.ServerResponse, status: number): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = ((_code: number, ...rest: unknown[]) => writeHead(status, ...rest)) as typeof res.writeHead;
}

function internalError(res: http.ServerResponse, err: unknown): void {
  console.error("[debrief] request failed:", err);
  if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on the server", issues: [] } }));
}

/**
 * Refuse to start, with one line, on a database that cannot be used
 * (damaged, read-only, not a database, locked past the busy timeout) and on
 * configuration that is wrong; warn about configuration that is risky.
 */
function checkBeforeStart(): void {
  configuredPublicUrl();
  const warning = publicUrlWarning(hostname);
  if (warning) console.warn(`[debrief] warning: ${warning}`);
  const url = databaseUrl();
  // Several instances on PostgreSQL must sign sessions with one secret.
  const secretProblem = authSecretProblem();
  if (secretProblem) throw new Error(secretProblem);
  if (providerOf(url) === "sqlite") checkSqliteDatabase(sqliteFile(url), { busyTimeoutMs: busyTimeoutMs(30_000) });
}

async function main(): Promise<void> {
  try {
    checkBeforeStart();
    // PostgreSQL answers, takes our user and password, and accepts writes (not a standby).
    if (providerOf(databaseUrl()) === "postgresql") await checkPostgresDatabase(databaseUrl());
  } catch (err) {
    console.error(`debrief: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  // On PostgreSQL the live bus LISTENs before the first viewer connects, and
  // carries other instances' access changes (revoked keys) to this one.
  liveBus();
  startAccessSync();
  // Scheduled backups (DEBRIEF_BACKUP_DIR): bad settings stop the start here.
  const backups = await startBackupsFromEnv();
  // The Markdown worker pool, before Next.js loads (lib/workers/pool.ts says why),
  // with its worker bundle built from this tree's source.
  await ensureWorkers(__dirname);
  startMarkdownPool(__dirname);
  // Next.js hooks WebSocket upgrades onto the server it is given (or the
  // first request's); Debrief upgrades nothing, so it gets one that never
  // listens, and ours answers an Upgrade request as plain HTTP/1.1.
  const app = next({ dev: false, dir: __dirname, hostname, port, httpServer: http.createServer() });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const refusal = checkHost(req.rawHeaders) ?? checkMethod(req.method) ?? checkTarget(req.method, req.url);
    if (refusal && (refusal.field !== "(path)" || isApiPath(req.url))) return refuseAtEdge(res, refusal);
    if (req.url === "*") {
      // OPTIONS * asks what the server supports.
      res.writeHead(204, { allow: ALLOWED_METHODS.join(", ") });
      return void res.end();
    }
    ignoreUpgrade(req.headers);
    setClientAddress(req);
    if (refusal || (req.url ?? "").split("?")[0] === BAD_REQUEST_PAGE) {
      // A page address that cannot be read: the app's own error page, as a 400.
      req.url = BAD_REQUEST_PAGE;
      forceStatus(res, 400);
      return void handle(req, res).catch((err: unknown) => internalError(res, err));
    }
    const match = req.method === "POST" ? EVENTS_PATH.exec(req.url ?? "") : null;
    if (!match) return void handle(req, res).catch((err: unknown) => internalError(res, err));
    Promise.resolve()
      .then(() => postTimelineEvent(toWebRequest(req), { params: Promise.resolve({ id: match[1] ?? "" }) }))
      .then((response) => sendWebResponse(req, res, response))
      .catch((err: unknown) => internalError(res, err));
  });

  // Debrief is no proxy: CONNECT gets a 405 instead of a silently dropped socket.
  server.on("connect", (_req: http.IncomingMessage, socket: import("node:stream").Duplex) => {
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOWED_METHODS.join(", ")}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  // A fresh install: print the one-time code that setup from another machine needs.
  if (await needsSetup()) announceSetupCode();

  // Names written before owners and role holders were linked to accounts
  // (or restored from an older backup): key them and link the unambiguous
  // ones, before any request reads or filters by them.
  const people = await backfillPeople();
  if (people.linkedActionItems || people.linkedRoleHolders) {
    console.log(`[debrief] linked ${people.linkedActionItems} action-item owner(s) and ${people.linkedRoleHolders} role holder(s) to accounts by name or email`);
  }

  let statusSite: ReturnType<typeof startStatusSiteFromEnv> = null;
  // A port already taken (or not ours to bind) stops the start in one line
  // and a failing exit code, so a supervisor sees it and retries or alerts.
  // Only while starting: an error once listening is not a start failure.
  const cannotListen = (err: NodeJS.ErrnoException) => {
    const why = err.code === "EADDRINUSE" ? "is already in use" : err.code === "EACCES" ? "may not be bound by this user" : `cannot be listened on (${err.code ?? err.message})`;
    process.stderr.write(`debrief: cannot start: ${hostname}:${port} ${why}; set PORT (and HOSTNAME) to a free address\n`);
    process.exit(1);
  };
  server.once("error", cannotListen);
  server.listen(port, hostname, () => {
    server.off("error", cannotListen);
    console.log(`Debrief ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
    // The public status site (DEBRIEF_STATUS_DIR), rebuilt on every public change.
    statusSite = startStatusSiteFromEnv();
  });

  // Finish in-flight writes, then exit; open SSE streams are cut after 3 s
  // (clients reconnect and catch up by themselves).
  const shutdown = () => {
    // Leases released at once: another instance takes the work over.
    void backups?.stop();
    void statusSite?.stop();
    server.close(() => void Promise.allSettled([closeLiveBus(), closeDb(), stopMarkdownPool()]).finally(() => process.exit(0)));
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

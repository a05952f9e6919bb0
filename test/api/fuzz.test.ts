// Random malformed requests against the production server: every API route
// in lib/auth/permissions.ts with every method, signed in and not, with
// broken encodings, odd and duplicated headers, bodies of the wrong type,
// shape and size. No answer may be a 5xx, no socket may hang, and the server
// must be healthy afterwards. Requests are drawn by fast-check from a fixed
// seed (FUZZ_SEED=<n> to try another), so a failure can be replayed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { API_RULES } from "@/lib/auth/permissions";
import { api, startTestServer, type TestServer } from "../support/server";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { signInOverHttp } from "../support/sessions";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RANDOM_REQUESTS = 1600;
const CONCURRENCY = 8;
const TIMEOUT_MS = 15_000;

let server: TestServer;
let cookie = "";
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  cookie = (await signInOverHttp(server, server.users.responder.email, server.users.responder.password)).cookie;
  // Real ids, so that requests reach past "not found" into the services.
  const inc = await api(server, "POST", "/api/v1/incidents", { title: "Fuzz target", severity: "SEV2" });
  ids.id = inc.json.id;
  ids.number = String(inc.json.number);
  ids.eventId = (await api(server, "POST", `/api/v1/incidents/${ids.id}/events`, { body: "fuzzed" })).json.id;
  ids.victim = (await api(server, "POST", "/api/v1/incidents", { title: "Fuzz victim", severity: "SEV4" })).json.id;
  ids.item = (await api(server, "POST", `/api/v1/incidents/${ids.id}/action-items`, { title: "Fuzz item" })).json.id;
  // A user and a key of their own to be changed or revoked, never the ones the fuzzer sends.
  ids.user = (await api(server, "POST", "/api/v1/users", { email: "target@debrief.test", name: "Target", password: "correct horse target", role: "viewer" })).json.id;
  ids.key = (await api(server, "POST", "/api/v1/api-keys", { name: "target", role: "viewer" })).json.apiKey.id;
});

afterAll(async () => {
  await server?.dispose();
});

// ---- what a request is made of -------------------------------------------

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** Every API route path, with its [params]; plus better-auth's and a few pages. */
const ROUTES = [
  ...new Set([
    ...Object.keys(API_RULES).map((k) => k.split(" ")[1] ?? ""),
    "/api/auth/sign-in/email",
    "/api/auth/get-session",
    "/api/auth/sign-out",
    "/api/v1/nowhere",
    "/incidents/[number]",
    "/incidents",
    "/sign-in",
    "*",
  ]),
];
/** Methods Debrief does not answer, for the random part. */
const ODD_METHODS = ["TRACE", "PROPFIND", "CONNECT", "get", "M-SEARCH"];

const BROKEN_ESCAPES = ["%E0%A4%A", "%", "%Z", "%C0%AF", "%ED%A0%80", "%FF%FE", "%00", "%2e%2e", "%25%", "%F4%90%80%80"];

const arbBroken = fc.constantFrom(...BROKEN_ESCAPES);
/** What goes where a path parameter or query value belongs. */
const arbSegment = (real: string | undefined) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(real ?? "00000000-0000-4000-8000-000000000000") },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: arbBroken.map((b) => `${(real ?? "x").slice(0, 8)}${b}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom("..", ".", "-1", "0", "1e999", "NaN", "INC-1", "null", "%20", "a".repeat(3000)) },
  );

/** The real id a route's parameter names, so that requests get past "not found". */
function realParam(template: string, param: string): string | undefined {
  if (param === "eventId") return ids.eventId;
  if (param === "number") return ids.number;
  if (template.startsWith("/api/v1/action-items")) return ids.item;
  if (template.startsWith("/api/v1/users")) return ids.user;
  if (template.startsWith("/api/v1/api-keys")) return ids.key;
  return ids.id;
}

function arbPath(template: string): fc.Arbitrary<string> {
  const parts = template.split("/").map((part) => {
    const param = /^\[(\w+)\]$/.exec(part)?.[1];
    return param ? arbSegment(realParam(template, param)) : fc.constant(part);
  });
  return fc.tuple(...parts).map((p) => p.join("/"));
}

const QUERY_KEYS = ["q", "status", "severity", "limit", "since", "before", "beforeId", "includeDeleted", "template", "frontMatter", "page", "pageSize", "sort", "dir", "owner", "overdue", "incident", "cols", "days", "now", "next", "dryRun"];
const arbQuery = fc.oneof(
  { weight: 3, arbitrary: fc.constant("") },
  {
    weight: 5,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 }).map(encodeURIComponent), arbBroken),
          fc.oneof(
            fc.string({ maxLength: 30 }).map(encodeURIComponent),
            arbBroken,
            fc.constantFrom("1e309", "-1", "99999999999999999999", "0", "true", "2026-03-03T09:12:00Z", "12", "[]", "%F0%9F%98%80", "x".repeat(5000)),
          ),
        ),
        { maxLength: 6 },
      )
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("?", "?&&&", "?=", "?a", "?%", "?q=%E0%A4%A&q=%", `?${"a=1&".repeat(2000)}`) },
);

const FIELD_NAMES = ["id", "title", "severity", "summary", "startedAt", "services", "version", "status", "body", "occurredAt", "endedAt", "kind", "milestone", "statusLabel", "key", "visibility", "sections", "impactedServices", "contributingFactors", "extraSections", "authors", "dueDate", "owner", "priority", "type", "ids", "wontDoReason", "externalUrl", "email", "name", "password", "role", "__proto__", "constructor"];
const arbJsonValue = fc.jsonValue({ maxDepth: 3 });
const arbShapedObject = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(arbJsonValue, fc.constantFrom(1e308, -0, 2 ** 53 + 1, "\ud800", "x".repeat(20_000))), { maxKeys: 8 });

/** A body: bytes, and whether it is large enough to be refused for size. */
const arbBody: fc.Arbitrary<Buffer | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 10, arbitrary: arbShapedObject.map((o) => Buffer.from(JSON.stringify(o))) },
  { weight: 3, arbitrary: arbJsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? "null")) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => Buffer.from("[".repeat(n) + "]".repeat(n))) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => Buffer.from(`${'{"a":'.repeat(n)}1${"}".repeat(n)}`)) },
  { weight: 1, arbitrary: fc.constantFrom("1e309", "-1e309", "123456789012345678901234567890", '{"version":1e400}', '{"version":-0}', '{"limit":1e21}').map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.constantFrom('{"title":', "{'a':1}", "\ufeff{}", "{} {}", "", " ", "\u0000", "undefined").map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from('{"body":"'), Buffer.from(b), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')])) },
  { weight: 1, arbitrary: fc.string({ maxLength: 2000 }).map((s) => Buffer.from(`# ${s}\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 25:99 | ${s} |\n`)) },
  // Over the 1 MB (JSON) and 2 MB (Markdown import) limits.
  { weight: 1, arbitrary: fc.constantFrom(1_100_000, 2_200_000).map((n) => Buffer.from(`{"body":"${"x".repeat(n)}"}`)) },
);

const arbContentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "text/markdown",
  "multipart/form-data; boundary=----x",
  "application/x-www-form-urlencoded",
  "application/vnd.api+json",
  "*/*",
  "application/json, text/plain",
  "json",
);

const arbAuth = fc.constantFrom<Array<"admin" | "viewer" | "responder" | "none" | "bogus" | "basic" | "huge" | "cookie" | "badcookie" | "both">>(
  "admin",
  "admin",
  "viewer",
  "responder",
  "none",
  "none",
  "bogus",
  "basic",
  "huge",
  "cookie",
  "badcookie",
  "both",
);

const ODD_HEADERS = [
  "Origin: http://evil.example",
  "Origin: null",
  "Origin: %%%",
  "Sec-Fetch-Site: cross-site",
  "X-Forwarded-For: ::::, 999.1.1.1, <script>",
  "X-Forwarded-Host: evil.example",
  "X-Forwarded-Proto: gopher",
  "Last-Event-ID: %E0%A4%A",
  "Accept: text/event-stream",
  "Accept: */*;q=%",
  "Range: bytes=0-1",
  "If-None-Match: *",
  "Accept-Encoding: gzip, br, zstd",
  "Cookie: ;;;=;a=%E0%A4%A",
  "Content-Type: application/json",
  "Authorization: Bearer",
  "Expect: 100-continue",
  "Expect: nonsense",
  `X-Long: ${"a".repeat(6000)}`,
  "Next-Action: abc",
  "RSC: 1",
  "Next-Router-State-Tree: %7B%22a%22",
  "Next-Router-Prefetch: 1",
  "x-middleware-subrequest: middleware",
  "Transfer-Encoding: gzip",
  "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13",
  "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA",
];

type Req = { method: string; path: string; bytes: Buffer; describe: string; stream: boolean };

function buildRequest(parts: {
  method: string;
  path: string;
  query: string;
  auth: string;
  contentType: string | undefined;
  odd: string[];
  body: Buffer | null;
  duplicateContentType: boolean;
  lengthMode: "exact" | "chunked" | "none";
}): Req {
  const headers = [`Host: 127.0.0.1:${server.port}`, "Connection: close"];
  const bearer = (role: "admin" | "viewer" | "responder") => `Authorization: Bearer ${server.keys[role]}`;
  if (parts.auth === "admin" || parts.auth === "viewer" || parts.auth === "responder") headers.push(bearer(parts.auth));
  if (parts.auth === "bogus") headers.push("Authorization: Bearer dbf_not-a-key");
  if (parts.auth === "basic") headers.push("Authorization: Basic YWRtaW46YWRtaW4=");
  if (parts.auth === "huge") headers.push(`Authorization: Bearer ${"k".repeat(8000)}`);
  if (parts.auth === "cookie") headers.push(`Cookie: ${cookie}`, `Origin: ${server.url}`);
  if (parts.auth === "badcookie") headers.push("Cookie: better-auth.session_token=forged.signature; __Secure-better-auth.session_token=%E0%A4%A");
  if (parts.auth === "both") headers.push(bearer("viewer"), bearer("admin"), `Cookie: ${cookie}`);
  if (parts.contentType) headers.push(`Content-Type: ${parts.contentType}`);
  if (parts.duplicateContentType) headers.push("Content-Type: text/markdown");
  headers.push(...parts.odd);
  let body = parts.body ?? Buffer.alloc(0);
  if (parts.body) {
    if (parts.lengthMode === "exact") headers.push(`Content-Length: ${body.length}`);
    else if (parts.lengthMode === "chunked") {
      headers.push("Transfer-Encoding: chunked");
      body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
    } else body = Buffer.alloc(0);
  }
  // Deleting the incident everything else aims at would leave only 404s to find.
  const path = parts.method === "DELETE" && parts.path === `/api/v1/incidents/${ids.id}` ? `/api/v1/incidents/${ids.victim}` : parts.path;
  const target = `${path}${parts.query}`;
  const head = `${parts.method} ${target} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`;
  const stream = parts.path.endsWith("/stream") || parts.odd.includes("Accept: text/event-stream");
  return {
    method: parts.method,
    path: parts.path,
    bytes: Buffer.concat([Buffer.from(head, "utf8"), body]),
    describe: `${parts.method} ${target.slice(0, 200)} auth=${parts.auth} type=${parts.contentType} odd=${JSON.stringify(parts.odd).slice(0, 200)} body=${parts.body ? `${parts.body.length} bytes: ${parts.body.subarray(0, 120).toString("latin1")}` : "none"} (${parts.lengthMode})`,
    stream,
  };
}

/** Mostly a route with its own method (so requests reach the services), else any route with any method. */
const arbRouteAndMethod = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.keys(API_RULES)).map((k) => ({ method: k.split(" ")[0] ?? "GET", template: k.split(" ")[1] ?? "/" })) },
  { weight: 2, arbitrary: fc.record({ method: fc.constantFrom<string>(...METHODS), template: fc.constantFrom(...ROUTES) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom(...ODD_METHODS), template: fc.constantFrom(...ROUTES) }) },
);

function arbRequest(routeAndMethod: fc.Arbitrary<{ method: string; template: string }>, auths: fc.Arbitrary<string>): fc.Arbitrary<Req> {
  return fc
    .record({
      routeAndMethod,
      query: arbQuery,
      auth: auths,
      contentType: arbContentType,
      odd: fc.subarray(ODD_HEADERS, { maxLength: 3 }),
      body: arbBody,
      duplicateContentType: fc.boolean(),
      lengthMode: fc.constantFrom<Array<"exact" | "chunked" | "none">>("exact", "exact", "exact", "chunked", "none"),
    })
    .chain((r) => arbPath(r.routeAndMethod.template).map((path) => ({ ...r, method: r.routeAndMethod.method, path })))
    .map((r) => buildRequest(r));
}

async function send(req: Req): Promise<RawResponse> {
  return rawRequest(server.port, req.bytes, { timeoutMs: TIMEOUT_MS, endAfterHead: req.stream });
}

async function runAll(requests: Req[]): Promise<{ failures: string[]; statuses: Map<number, number> }> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const i = next++;
        const req = requests[i]!;
        const res = await send(req);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.timedOut) failures.push(`#${i} hung (no complete answer in ${TIMEOUT_MS} ms): ${req.describe}`);
        else if (res.status === 0) failures.push(`#${i} closed without an answer: ${req.describe}`);
        else if (res.status >= 500) failures.push(`#${i} answered ${res.status}: ${req.describe}\n   → ${res.body.slice(0, 300)}`);
      }
    }),
  );
  return { failures, statuses };
}

describe(`fuzzing the production server (seed ${SEED})`, () => {
  it("never answers 5xx or hangs, on every route, method and kind of caller, and stays healthy", async () => {
    const everyRoute = ROUTES.flatMap((route) => METHODS.flatMap((method) => ["admin", "none"].map((auth) => ({ route, method, auth }))));
    // Every route × method × (admin, anonymous) once, then random combinations.
    const covering = everyRoute.map(({ route, method, auth }, i) =>
      fc.sample(arbRequest(fc.constant({ method, template: route }), fc.constant(auth)), { seed: SEED + i, numRuns: 1 })[0]!,
    );
    const random = fc.sample(arbRequest(arbRouteAndMethod, arbAuth), { seed: SEED, numRuns: RANDOM_REQUESTS });
    const requests = [...covering, ...random];
    expect(requests.length).toBeGreaterThanOrEqual(2000);

    const { failures, statuses } = await runAll(requests);
    console.log(`fuzz: ${requests.length} requests, answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures, `seed ${SEED}; server log:\n${server.output().slice(-3000)}`).toEqual([]);
    // Not everything was refused at the door: the services were reached too.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect([...statuses.keys()].filter((s) => s === 400 || s === 404 || s === 422).length).toBeGreaterThanOrEqual(2);

    const health = await api(server, "GET", "/api/health");
    expect([health.status, health.json.ok]).toEqual([200, true]);
    const write = await api(server, "POST", "/api/v1/incidents", { title: "After the storm", severity: "SEV4" });
    expect(write.status).toBe(201);
    const log = server.output();
    expect(log.match(/.*(?:unexpected error|uncaught|unhandled).*/gi) ?? []).toEqual([]);
  }, 120_000);
});

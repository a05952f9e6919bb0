import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, freePort, runServerOnce, startTestServer, type TestServer } from "../support/server";
import { rawRequest } from "../support/raw-http";
import { signInOverHttp } from "../support/sessions";
import { createTempDatabase } from "../support/temp-db";

let server: TestServer;
let cookie = "";
let incidentId = "";
let incidentNumber = 0;

beforeAll(async () => {
  server = await startTestServer();
  const session = await signInOverHttp(server, server.users.admin.email, server.users.admin.password);
  expect(session.status).toBe(200);
  cookie = session.cookie;
  const inc = await api(server, "POST", "/api/v1/incidents", { title: "Edges", severity: "SEV3" });
  incidentId = inc.json.id;
  incidentNumber = inc.json.number;
  const item = await api(server, "POST", `/api/v1/incidents/${incidentId}/action-items`, { title: "Rotate the keys", owner: "Kim", dueDate: "2020-01-01" });
  expect(item.status).toBe(201);
});

afterAll(async () => {
  await server?.dispose();
});

const BROKEN = ["%E0%A4%A", "%ZZ", "%", "%C0%AF", "%ED%A0%80", "%FF"];

describe("a malformed %-escape in the path", () => {
  it("is a JSON 400 on every API path and method, the fast timeline-write path included", async () => {
    const paths = [
      ...BROKEN.map((b) => `/api/v1/incidents/${b}`),
      `/api/auth/%E0%A4%A`,
      `/api/auth/get-session%FF`,
      `/api/v1/incidents/${incidentId}/events/%E0%A4%A`,
      `/api/v1/incidents/${incidentId}/events/%E0%A4%A/revisions`,
      `/api/v1/action-items/%E0%A4%A?q=x`,
      `/api/%E0%A4%A`,
    ];
    for (const p of paths) {
      for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
        const res = await rawRequest(
          server.port,
          `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.keys.admin}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        );
        expect({ p, method, status: res.status }).toEqual({ p, method, status: 400 });
        expect(res.head.toLowerCase()).toContain("content-type: application/json");
        const body = JSON.parse(res.body);
        expect(body.error).toMatchObject({ code: "bad_request", issues: [{ path: "(path)" }] });
      }
    }
  });

  it("is the app's own error page with status 400 for pages, signed in or not", async () => {
    for (const p of [`/incidents/%E0%A4%A`, `/incidents/${incidentNumber}/postmortem%FF`, `/settings/%C3`, `/%E0%A4%A`]) {
      const variants: Record<string, string>[] = [{ cookie }, {}];
      for (const headers of variants) {
        const res = await fetch(`${server.url}${p}`, { headers, redirect: "manual" });
        expect({ p, signedIn: "cookie" in headers, status: res.status }).toEqual({ p, signedIn: "cookie" in headers, status: 400 });
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        const html = await res.text();
        expect(html).toContain("<title>Bad request · Debrief</title>");
        expect(html).toContain("This address cannot be read");
        // The app's layout, with its Content-Security-Policy.
        expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      }
    }
    // Well-formed escapes still reach their page.
    const ok = await fetch(`${server.url}/incidents/${incidentNumber}?q=%E2%9C%93`, { headers: { cookie }, redirect: "manual" });
    expect(ok.status).toBe(200);
  });
});

describe("a missing or malformed Host header", () => {
  const requests = (host: string) => [
    `GET /api/health HTTP/1.1\r\n${host}Connection: keep-alive\r\n\r\n`,
    `GET /incidents HTTP/1.1\r\n${host}Cookie: ${cookie}\r\n\r\n`,
    // The fast timeline-write path in server.ts.
    `POST /api/v1/incidents/${incidentId}/events HTTP/1.1\r\n${host}Authorization: Bearer ${server.keys.admin}\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"body":"edge"}`,
  ];

  it("is an immediate 400 and the connection is closed, on every path", async () => {
    const bad = ["Host: a b\r\n", "Host: [\r\n", "Host: [::1\r\n", "Host: exa/mple\r\n", "Host: x:99999\r\n", "Host: \r\n", "Host: a@b\r\n", "Host: x\r\nHost: y\r\n", ""];
    for (const host of bad) {
      for (const payload of requests(host)) {
        const res = await rawRequest(server.port, payload, { timeoutMs: 5000 });
        expect({ host, line: payload.split("\r\n")[0], status: res.status, closed: res.closed }).toEqual({
          host,
          line: payload.split("\r\n")[0],
          status: 400,
          closed: true,
        });
      }
    }
    const events = await api(server, "GET", `/api/v1/incidents/${incidentId}/events`);
    expect(events.json.events.filter((e: { body: string }) => e.body === "edge")).toEqual([]);
  });

  it("is a 400 for HTTP/1.0 without Host; good hosts pass", async () => {
    const missing = await rawRequest(server.port, "GET /api/health HTTP/1.0\r\n\r\n", { timeoutMs: 5000 });
    expect([missing.status, missing.closed]).toEqual([400, true]);
    for (const host of [`127.0.0.1:${server.port}`, "localhost", "[::1]:3000", "debrief.internal", "my_service:3000", "Debrief.Example.COM."]) {
      const res = await rawRequest(server.port, `GET /api/health HTTP/1.0\r\nHost: ${host}\r\n\r\n`, { timeoutMs: 5000 });
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
    }
  });

  it("answers odd methods, OPTIONS * and Upgrade requests instead of dropping or holding the connection", async () => {
    for (const method of ["TRACE", "PROPFIND", "M-SEARCH"]) {
      const res = await rawRequest(server.port, `${method} /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, { timeoutMs: 5000 });
      expect({ method, status: res.status, closed: res.closed }).toEqual({ method, status: 405, closed: true });
      expect(res.head.toLowerCase()).toContain("allow: get, head, post, put, patch, delete, options");
    }
    const connect = await rawRequest(server.port, `CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`, { timeoutMs: 5000 });
    expect([connect.status, connect.closed]).toEqual([405, true]);
    const star = await rawRequest(server.port, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", { timeoutMs: 5000 });
    expect([star.status, star.closed]).toEqual([204, true]);
    for (const upgrade of ["Upgrade: websocket\r\nConnection: Upgrade", "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"]) {
      for (const p of ["/api/health", "/incidents", "/api/v1/incidents"]) {
        const res = await rawRequest(server.port, `GET ${p} HTTP/1.1\r\nHost: localhost\r\n${upgrade}\r\nCookie: ${cookie}\r\nAuthorization: Bearer ${server.keys.admin}\r\n\r\n`, {
          timeoutMs: 5000,
          endAfterResponse: true,
        });
        expect({ p, upgrade, status: res.status, timedOut: res.timedOut }).toEqual({ p, upgrade, status: 200, timedOut: false });
      }
    }
  });

  it("leaves the server healthy", async () => {
    expect((await api(server, "GET", "/api/health")).status).toBe(200);
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
  });
});

describe("absolute links", () => {
  async function digestVia(port: number, host: string): Promise<string> {
    const res = await rawRequest(
      port,
      `GET /api/v1/action-items/digest.md HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.keys.admin}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  it("use the host the request was sent to when DEBRIEF_PUBLIC_URL is unset, never the listen address", async () => {
    const body = await digestVia(server.port, "debrief.internal:8080");
    expect(body).toContain(`http://debrief.internal:8080/incidents/${incidentNumber}/action-items`);
    expect(body).not.toContain("localhost");
    expect(body).not.toContain("127.0.0.1");
  });

  it("use DEBRIEF_PUBLIC_URL when it is set", async () => {
    const pinned = await startTestServer({ databaseUrl: server.databaseUrl, seed: false, env: { DEBRIEF_PUBLIC_URL: "https://debrief.example.com/" } });
    try {
      const body = await digestVia(pinned.port, "debrief.internal:8080");
      expect(body).toContain(`https://debrief.example.com/incidents/${incidentNumber}/action-items`);
      expect(body).toContain("https://debrief.example.com/action-items?overdue=true");
      expect(body).not.toContain("debrief.internal");
    } finally {
      await pinned.stop();
    }
  });

  const startRaw = async (env: Record<string, string>) => runServerOnce({ PORT: String(await freePort()), ...env });

  it("refuse to start with an invalid DEBRIEF_PUBLIC_URL, in one line", async () => {
    const db = await createTempDatabase();
    for (const value of ["ftp://debrief.example.com", "https://user:secret@debrief.example.com", "debrief.example.com", "https://debrief.example.com/?x=1"]) {
      const { code, output } = await startRaw({ DATABASE_URL: db.url, DEBRIEF_PUBLIC_URL: value });
      expect({ value, code }).toEqual({ value, code: 1 });
      const lines = output.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^debrief: cannot start: DEBRIEF_PUBLIC_URL must/);
    }
  });

  it("warn at start when DEBRIEF_PUBLIC_URL is unset on a non-loopback address", async () => {
    const db = await createTempDatabase();
    const unset = await startRaw({ DATABASE_URL: db.url, HOSTNAME: "0.0.0.0", DEBRIEF_PUBLIC_URL: "" });
    expect(unset.output).toMatch(/warning: DEBRIEF_PUBLIC_URL is not set/);
    const set = await startRaw({ DATABASE_URL: db.url, HOSTNAME: "0.0.0.0", DEBRIEF_PUBLIC_URL: "https://debrief.example.com" });
    expect(set.output).toContain("Debrief ready");
    expect(set.output).not.toMatch(/DEBRIEF_PUBLIC_URL/);
    const loopback = await startRaw({ DATABASE_URL: db.url, HOSTNAME: "127.0.0.1", DEBRIEF_PUBLIC_URL: "" });
    expect(loopback.output).toContain("Debrief ready");
    expect(loopback.output).not.toMatch(/DEBRIEF_PUBLIC_URL/);
  });
});

describe("start-up", () => {
  it("stops with one line and a failing exit code when its port is taken", async () => {
    const db = await createTempDatabase();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const { code, output } = await runServerOnce({ DATABASE_URL: db.url, PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`debrief: cannot start: 127.0.0.1:${port} is already in use`);
      expect(output).not.toContain("Debrief ready");
      expect(output).not.toMatch(/uncaught|Unhandled 'error'/i);
    } finally {
      taken.close();
      await db.dispose();
    }
  });
});

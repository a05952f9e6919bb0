import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../support/server";
import { asSession, newClientAddress, signInOverHttp, type HttpSession } from "../support/sessions";
import { openStream, type OpenStream } from "../support/sse";

// API keys bound to the person who made them, account deactivation, and
// live streams: capped per key or session, and ended when the right to them
// goes. Over real HTTP against the production server (which trusts
// X-Forwarded-For here, so that each sign-in is a client of its own).

let server: TestServer;
let incidentId = "";
const streams: OpenStream[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { DEBRIEF_TRUST_PROXY: "1" } });
  const incident = await api(server, "POST", "/api/v1/incidents", { title: "Streams and keys", severity: "SEV2" });
  incidentId = incident.json.id;
});

afterAll(async () => {
  for (const s of streams) s.close();
  await server?.dispose();
});

let seq = 0;
async function newUser(role: string) {
  seq++;
  const email = `k${seq}@debrief.test`;
  const password = `passphrase number ${seq}`;
  const created = await api(server, "POST", "/api/v1/users", { email, name: `Keyholder ${seq}`, role, password });
  expect(created.status).toBe(201);
  const session = await signIn(email, password);
  expect(session.status).toBe(200);
  return { id: created.json.id as string, name: created.json.name as string, email, password, session };
}

const signIn = (email: string, password: string) => signInOverHttp(server, email, password, { "x-forwarded-for": newClientAddress() });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const streamUrl = () => `${server.url}/api/v1/incidents/${incidentId}/events/stream`;

async function stream(headers: Record<string, string>): Promise<OpenStream> {
  const s = await openStream(streamUrl(), headers);
  streams.push(s);
  if (s.status === 200) await s.waitFor(": connected");
  return s;
}

async function postEntry(body: string): Promise<void> {
  expect((await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { id: randomUUID(), body })).status).toBe(201);
}

describe("API keys are bound to the person who made them", () => {
  it("a demoted admin's key can no longer create admins; a service key keeps its role; deactivation stops keys and sessions", async () => {
    const morgan = await newUser("admin");
    const personal = await asSession(server, morgan.session, "POST", "/api/v1/api-keys", { name: "morgan's bot", role: "admin" });
    expect(personal.status).toBe(201);
    expect(personal.json.apiKey).toMatchObject({ kind: "personal", ownerId: morgan.id, role: "admin", effectiveRole: "admin" });
    const service = await asSession(server, morgan.session, "POST", "/api/v1/api-keys", { name: "pager bridge", role: "admin", service: true });
    expect(service.status).toBe(201);
    expect(service.json.apiKey).toMatchObject({ kind: "service", ownerId: null, effectiveRole: "admin" });
    const makeAdmin = (key: string) =>
      api(server, "POST", "/api/v1/users", { email: `made-${randomUUID()}@debrief.test`, name: "Made By Key", role: "admin", password: "made by a key 123" }, bearer(key));
    expect((await makeAdmin(personal.json.key)).status).toBe(201); // and now the key is in the server's key cache

    expect((await api(server, "PATCH", `/api/v1/users/${morgan.id}`, { role: "viewer" })).status).toBe(200);
    const refused = await makeAdmin(personal.json.key);
    expect(refused.status).toBe(403);
    expect((await api(server, "GET", "/api/v1/incidents", undefined, bearer(personal.json.key))).status).toBe(200);
    expect((await makeAdmin(service.json.key)).status).toBe(201);
    const listed = await api(server, "GET", "/api/v1/api-keys");
    const byId = (id: string) => listed.json.apiKeys.find((k: { id: string }) => k.id === id);
    expect(byId(personal.json.apiKey.id)).toMatchObject({ role: "admin", effectiveRole: "viewer", kind: "personal", createdBy: morgan.name });
    expect(byId(service.json.apiKey.id)).toMatchObject({ role: "admin", effectiveRole: "admin", kind: "service", createdBy: null });

    const deactivated = await api(server, "POST", `/api/v1/users/${morgan.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.json.banned).toBe(true);
    expect((await api(server, "GET", "/api/v1/incidents", undefined, bearer(personal.json.key))).status).toBe(401);
    expect((await asSession(server, morgan.session, "GET", "/api/v1/incidents")).status).toBe(401);
    const again = await signIn(morgan.email, morgan.password);
    expect(again.status).toBe(403);
    expect(again.body).toContain("deactivated");
    expect(again.setCookies.filter((c) => /session_token=[^;]/.test(c))).toEqual([]);
    // A wrong password says nothing about the account's state.
    expect((await signIn(morgan.email, "not the password at all")).status).toBe(401);
    expect((await api(server, "GET", "/api/v1/incidents", undefined, bearer(service.json.key))).status).toBe(200);

    expect((await api(server, "POST", `/api/v1/users/${morgan.id}/reactivate`)).json.banned).toBe(false);
    expect((await api(server, "GET", "/api/v1/incidents", undefined, bearer(personal.json.key))).status).toBe(200);
    expect((await makeAdmin(personal.json.key)).status).toBe(403);
    expect((await signIn(morgan.email, morgan.password)).status).toBe(200);

    const audit = await api(server, "GET", "/api/v1/audit?entity=user");
    const actions = audit.json.entries.filter((e: { entityId: string }) => e.entityId === morgan.id).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["deactivate", "reactivate", "set_role"]));
  });

  it("admins cannot deactivate themselves; unknown users are 404", async () => {
    const lee = await newUser("admin");
    const self = await asSession(server, lee.session, "POST", `/api/v1/users/${lee.id}/deactivate`);
    expect(self.status).toBe(409);
    expect((await api(server, "POST", `/api/v1/users/${randomUUID()}/deactivate`)).status).toBe(404);
    expect((await api(server, "POST", "/api/v1/users/not-a-uuid/reactivate")).status).toBe(404);
  });
});

describe("live streams", () => {
  it("are capped at 20 per API key (429 beyond, with a clear message); closing one makes room", async () => {
    const key = (await api(server, "POST", "/api/v1/api-keys", { name: "stream hog", role: "viewer", service: true })).json.key as string;
    const open: OpenStream[] = [];
    for (let i = 0; i < 20; i++) {
      const s = await stream(bearer(key));
      expect(s.status).toBe(200);
      open.push(s);
    }
    const over = await stream(bearer(key));
    expect(over.status).toBe(429);
    expect(over.json.error.message).toMatch(/Too many open live streams for this API key \(at most 20\)/);
    // Another client is not affected.
    const other = await stream(bearer(server.keys.viewer));
    expect(other.status).toBe(200);
    other.close();

    open[0]?.close();
    await open[0]?.ended;
    let reopened: OpenStream | null = null;
    for (let attempt = 0; attempt < 100 && !reopened; attempt++) {
      const s = await stream(bearer(key));
      if (s.status === 200) reopened = s;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(reopened?.status).toBe(200);
    for (const s of open) s.close();
  });

  it("are capped per session too", async () => {
    const u = await newUser("viewer");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await stream({ cookie: u.session.cookie })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  describe("end when the right to them goes", () => {
    let control: OpenStream;
    beforeAll(async () => {
      // A stream of someone else: it must live through all of the below.
      control = await stream(bearer(server.keys.admin));
    });

    async function expectEnded(s: OpenStream, reopen: Record<string, string>, reopenStatus: number): Promise<void> {
      await s.ended;
      const after = `written after the stream ended ${randomUUID()}`;
      await postEntry(after);
      expect(s.text()).not.toContain(after);
      const again = await stream(reopen);
      expect(again.status).toBe(reopenStatus);
      again.close();
    }

    it("a revoked API key", async () => {
      const made = await api(server, "POST", "/api/v1/api-keys", { name: "to revoke", role: "viewer", service: true });
      const s = await stream(bearer(made.json.key));
      await postEntry("seen while the key was valid");
      await s.waitFor("seen while the key was valid");
      expect((await api(server, "DELETE", `/api/v1/api-keys/${made.json.apiKey.id}`)).status).toBe(200);
      await expectEnded(s, bearer(made.json.key), 401);
      expect(s.text()).toContain(": closed: API key revoked");
    });

    it("an admin signing the user out everywhere", async () => {
      const u = await newUser("responder");
      const s = await stream({ cookie: u.session.cookie });
      expect((await api(server, "POST", `/api/v1/users/${u.id}/revoke-sessions`)).json.revoked).toBe(1);
      await expectEnded(s, { cookie: u.session.cookie }, 401);
    });

    it("the user signing themselves out everywhere (a viewer may; the rule and the service agree)", async () => {
      const u = await newUser("viewer");
      const other = await newUser("viewer");
      const second = await signIn(u.email, u.password);
      const s = await stream({ cookie: second.cookie });
      // Someone else's sessions: admins only.
      const refused = await asSession(server, u.session, "POST", `/api/v1/users/${other.id}/revoke-sessions`, {});
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toBe("Your role (viewer) may not manage users");
      expect((await asSession(server, other.session, "GET", "/api/v1/incidents")).status).toBe(200);
      // Their own: every session of theirs ends, this one and the other one's stream included.
      const own = await asSession(server, u.session, "POST", `/api/v1/users/${u.id}/revoke-sessions`, {});
      expect(own.status).toBe(200);
      expect(own.json.revoked).toBe(2);
      await expectEnded(s, { cookie: second.cookie }, 401);
      expect((await asSession(server, u.session, "GET", "/api/v1/incidents")).status).toBe(401);
    });

    it("the user signing out (better-auth's own sign-out)", async () => {
      const u = await newUser("viewer");
      const s = await stream({ cookie: u.session.cookie });
      expect((await asSession(server, u.session, "POST", "/api/auth/sign-out", {})).status).toBe(200);
      await expectEnded(s, { cookie: u.session.cookie }, 401);
    });

    it("the user's account deactivated: session and personal key streams both end", async () => {
      const u = await newUser("admin");
      const key = (await asSession(server, u.session, "POST", "/api/v1/api-keys", { name: "personal", role: "viewer" })).json.key as string;
      const bySession = await stream({ cookie: u.session.cookie });
      const byKey = await stream(bearer(key));
      expect((await api(server, "POST", `/api/v1/users/${u.id}/deactivate`)).status).toBe(200);
      await expectEnded(bySession, { cookie: u.session.cookie }, 401);
      await expectEnded(byKey, bearer(key), 401);
    });

    it("the user's role lowered: their streams end, and reconnecting gets the lower role", async () => {
      const u: { id: string; session: HttpSession } = await newUser("responder");
      const key = await (async () => {
        // Only admins make keys: promote, make a responder key, then set the role back.
        await api(server, "PATCH", `/api/v1/users/${u.id}`, { role: "admin" });
        const made = await asSession(server, u.session, "POST", "/api/v1/api-keys", { name: "responder bot", role: "responder" });
        await api(server, "PATCH", `/api/v1/users/${u.id}`, { role: "responder" });
        return made.json.key as string;
      })();
      const bySession = await stream({ cookie: u.session.cookie });
      const byKey = await stream(bearer(key));
      expect((await api(server, "PATCH", `/api/v1/users/${u.id}`, { role: "viewer" })).status).toBe(200);
      await expectEnded(bySession, { cookie: u.session.cookie }, 200);
      await expectEnded(byKey, bearer(key), 200);
      // Reading is still allowed, writing no longer.
      expect((await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "as a viewer" }, bearer(key))).status).toBe(403);
    });

    it("…and nobody else's stream ends", async () => {
      const last = `still live ${randomUUID()}`;
      await postEntry(last);
      await control.waitFor(last);
    });
  });
});

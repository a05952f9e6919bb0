import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../support/server";
import { asSession, newClientAddress, signInOverHttp } from "../support/sessions";

// /api/auth/* over real HTTP: the origin rule, the endpoints that exist,
// a user's own name and password, cookies over plain HTTP and TLS, and the
// proxy headers that count only from a trusted proxy.
//
// `proxied` trusts X-Forwarded-* (DEBRIEF_TRUST_PROXY=1), so each sign-in
// can come from an address of its own (sign-in allows 5 a minute per
// address); `plain` is a default install that trusts nothing.

let proxied: TestServer;
let plain: TestServer;
const EVIL = "http://evil.example";

beforeAll(async () => {
  // One after the other: seeding switches DATABASE_URL in this process.
  proxied = await startTestServer({ env: { DEBRIEF_TRUST_PROXY: "1" } });
  plain = await startTestServer();
});

afterAll(async () => {
  await Promise.all([proxied?.dispose(), plain?.dispose()]);
});

let userSeq = 0;
/** A new user (made with the admin key) and a signed-in session of theirs on `proxied`. */
async function newSignedInUser(role = "responder", password = "a long enough password") {
  userSeq++;
  const email = `u${userSeq}@debrief.test`;
  const created = await api(proxied, "POST", "/api/v1/users", { email, name: `User ${userSeq}`, role, password });
  expect(created.status).toBe(201);
  const session = await signInOverHttp(proxied, email, password, { "x-forwarded-for": newClientAddress() });
  expect(session.status).toBe(200);
  return { id: created.json.id as string, email, password, name: created.json.name as string, session };
}

const whoAmI = (session: { cookie: string }) => asSession(proxied, session, "GET", "/api/auth/get-session");

describe("/api/auth writes from another origin", () => {
  it("are refused (403) for update-user and sign-out, which leave the session and the name as they were", async () => {
    const u = await newSignedInUser();
    for (const path of ["/api/auth/update-user", "/api/auth/sign-out", "/api/auth/change-password", "/api/auth/revoke-sessions"]) {
      const body = path.endsWith("update-user") ? { name: "Pwned" } : path.endsWith("change-password") ? { currentPassword: u.password, newPassword: "attacker's choice 1" } : {};
      const evil = await asSession(proxied, u.session, "POST", path, body, { origin: EVIL });
      expect(evil.status, path).toBe(403);
      expect(evil.json.error.code, path).toBe("forbidden");
      const crossSite = await asSession(proxied, u.session, "POST", path, body, { "sec-fetch-site": "cross-site" });
      expect(crossSite.status, path).toBe(403);
    }
    const me = await whoAmI(u.session);
    expect(me.status).toBe(200);
    expect(me.json.user.name).toBe(u.name);
    // The same requests from the app's own origin work.
    expect((await asSession(proxied, u.session, "POST", "/api/auth/update-user", { name: "Renamed Here" })).status).toBe(200);
    expect((await asSession(proxied, u.session, "POST", "/api/auth/sign-out", {})).status).toBe(200);
    expect((await asSession(proxied, u.session, "GET", "/api/v1/incidents")).status).toBe(401);
  });

  it("endpoints the app does not use do not exist", async () => {
    for (const [method, path] of [
      ["POST", "/api/auth/sign-up/email"],
      ["POST", "/api/auth/request-password-reset"],
      ["POST", "/api/auth/reset-password"],
      ["POST", "/api/auth/delete-user"],
      ["POST", "/api/auth/change-email"],
      ["POST", "/api/auth/verify-password"],
      ["POST", "/api/auth/sign-in/social"],
      ["GET", "/api/auth/list-accounts"],
    ] as const) {
      const res = await api(proxied, method, path, method === "POST" ? { email: "x@debrief.test", password: "whatever it is", name: "X" } : undefined, { authorization: "", origin: proxied.url });
      expect(res.status, path).toBe(404);
      expect(res.json.error.code, path).toBe("not_found");
    }
    expect((await api(proxied, "GET", "/api/auth/sign-in/email", undefined, { authorization: "" })).status).toBe(405);
  });
});

describe("a user's own name", () => {
  it("keeps the name limits (422 naming the field) and is audited", async () => {
    const u = await newSignedInUser("viewer");
    for (const name of ["x".repeat(500_000), "y".repeat(101), "  "]) {
      const res = await asSession(proxied, u.session, "POST", "/api/auth/update-user", { name });
      expect(res.status).toBe(422);
      expect(res.json.error.issues[0].path).toBe("name");
    }
    const other = await asSession(proxied, u.session, "POST", "/api/auth/update-user", { name: "Ok", image: "https://evil.example/x.png", role: "admin" });
    expect(other.status).toBe(422);
    expect((await whoAmI(u.session)).json.user).toMatchObject({ name: u.name, role: "viewer" });

    const ok = await asSession(proxied, u.session, "POST", "/api/auth/update-user", { name: "Robin On-Call" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: true, user: { name: "Robin On-Call" } });
    expect((await whoAmI(u.session)).json.user.name).toBe("Robin On-Call");
    const audit = await api(proxied, "GET", "/api/v1/audit?entity=user");
    const row = audit.json.entries.find((e: { entityId: string; action: string }) => e.entityId === u.id && e.action === "update");
    expect(row).toMatchObject({ actorId: u.id, before: { name: u.name }, after: { name: "Robin On-Call" } });
    // Signed out: 401.
    expect((await api(proxied, "POST", "/api/auth/update-user", { name: "Nobody" }, { authorization: "", origin: proxied.url })).status).toBe(401);
  });
});

describe("a user's own password", () => {
  it("needs the current password, signs out the other sessions (not this one) and is audited", async () => {
    const u = await newSignedInUser("responder", "the old passphrase");
    const elsewhere = await signInOverHttp(proxied, u.email, "the old passphrase", { "x-forwarded-for": newClientAddress() });
    expect(elsewhere.status).toBe(200);

    const wrong = await asSession(proxied, u.session, "POST", "/api/auth/change-password", { currentPassword: "not the password", newPassword: "the new passphrase" });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.issues[0].path).toBe("currentPassword");
    const short = await asSession(proxied, u.session, "POST", "/api/auth/change-password", { currentPassword: "the old passphrase", newPassword: "short" });
    expect(short.status).toBe(422);
    expect(short.json.error.issues[0].path).toBe("newPassword");

    const changed = await asSession(proxied, u.session, "POST", "/api/auth/change-password", { currentPassword: "the old passphrase", newPassword: "the new passphrase", revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ status: true, signedOutSessions: 1 });
    expect((await asSession(proxied, elsewhere, "GET", "/api/v1/incidents")).status).toBe(401);
    expect((await asSession(proxied, u.session, "GET", "/api/v1/incidents")).status).toBe(200);
    expect((await signInOverHttp(proxied, u.email, "the old passphrase", { "x-forwarded-for": newClientAddress() })).status).toBe(401);
    expect((await signInOverHttp(proxied, u.email, "the new passphrase", { "x-forwarded-for": newClientAddress() })).status).toBe(200);

    const audit = await api(proxied, "GET", "/api/v1/audit?entity=user");
    const row = audit.json.entries.find((e: { entityId: string; action: string }) => e.entityId === u.id && e.action === "change_password");
    expect(row).toMatchObject({ actorId: u.id, after: { signedOutSessions: 1 } });
    expect(audit.text).not.toContain("passphrase");
    // An API key has no password to change.
    expect((await api(proxied, "POST", "/api/auth/change-password", { currentPassword: "x", newPassword: "the new passphrase 2" })).status).toBe(401);
  });
});

describe("session cookies over plain HTTP and over TLS", () => {
  const sessionCookie = (s: { setCookies: string[] }) => s.setCookies.find((c) => /^(__Secure-)?better-auth\.session_token=/.test(c)) ?? "";

  it("plain HTTP gets a plain cookie, even when a client claims X-Forwarded-Proto: https without a trusted proxy", async () => {
    const s = await signInOverHttp(plain, plain.users.viewer.email, plain.users.viewer.password, { "x-forwarded-proto": "https" });
    expect(s.status).toBe(200);
    const cookie = sessionCookie(s);
    expect(cookie).toMatch(/^better-auth\.session_token=/);
    expect(cookie).not.toMatch(/;\s*secure/i);
    expect(cookie).toMatch(/;\s*httponly/i);
    expect((await api(plain, "GET", "/api/v1/incidents", undefined, { authorization: "", cookie: s.cookie })).status).toBe(200);
  });

  it("a trusted TLS proxy (X-Forwarded-Proto: https) gets __Secure- cookies marked Secure", async () => {
    const tls = { "x-forwarded-proto": "https" };
    const s = await signInOverHttp(proxied, proxied.users.viewer.email, proxied.users.viewer.password, { ...tls, "x-forwarded-for": newClientAddress() });
    expect(s.status).toBe(200);
    const cookie = sessionCookie(s);
    expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(cookie).toMatch(/;\s*secure/i);
    expect((await api(proxied, "GET", "/api/v1/incidents", undefined, { authorization: "", cookie: s.cookie, ...tls })).status).toBe(200);
    const http = await signInOverHttp(proxied, proxied.users.viewer.email, proxied.users.viewer.password, { "x-forwarded-for": newClientAddress() });
    expect(sessionCookie(http)).toMatch(/^better-auth\.session_token=/);
  });

  it("an https BETTER_AUTH_URL means Secure cookies", async () => {
    const pinned = await startTestServer({ env: { BETTER_AUTH_URL: "https://debrief.example" } });
    try {
      const s = await signInOverHttp(pinned, pinned.users.viewer.email, pinned.users.viewer.password, { origin: "https://debrief.example" });
      expect(s.status).toBe(200);
      expect(sessionCookie(s)).toMatch(/^__Secure-better-auth\.session_token=.*;\s*secure/i);
    } finally {
      await pinned.dispose();
    }
  });
});

describe("X-Forwarded-Host", () => {
  it("counts only from a trusted proxy: without DEBRIEF_TRUST_PROXY=1 it cannot make a foreign Origin look like our own", async () => {
    const spoof = { origin: EVIL, "x-forwarded-host": "evil.example" };
    const refused = await api(plain, "POST", "/api/v1/incidents", { title: "Spoofed", severity: "SEV4" }, spoof);
    expect(refused.status).toBe(403);
    // Behind a trusted proxy the forwarded host is the public name the browser used.
    const behindProxy = await api(proxied, "POST", "/api/v1/incidents", { title: "Through the proxy", severity: "SEV4" }, spoof);
    expect(behindProxy.status).toBe(201);
  });
});

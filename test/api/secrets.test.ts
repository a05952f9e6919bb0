import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { api, startTestServer, type TestServer } from "../support/server";

// No secret — password, password hash, API key or its hash, session token —
// in any API answer (but the one-time key of a create) or in the server log.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.dispose();
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
// better-auth's scrypt hashes are "salt:key" in hex.
const PASSWORD_HASH = /[0-9a-f]{32}:[0-9a-f]{64,}/i;
const SECRET_FIELDS = /"(password|passwordHash|hash|keyHash|token|sessionToken|secret|key)"\s*:/i;

type Secrets = { passwords: string[]; keys: string[]; tokens: string[] };

function expectNoSecrets(what: string, text: string, secrets: Secrets, opts: { allowKey?: string } = {}): void {
  for (const p of secrets.passwords) expect(text.includes(p), `${what} contains a password`).toBe(false);
  for (const k of secrets.keys) {
    if (k !== opts.allowKey) expect(text.includes(k), `${what} contains an API key`).toBe(false);
    expect(text.includes(sha256(k)), `${what} contains an API key hash`).toBe(false);
  }
  for (const t of secrets.tokens) expect(text.includes(t), `${what} contains a session token`).toBe(false);
  expect(PASSWORD_HASH.test(text), `${what} contains something like a password hash`).toBe(false);
}

/** Sign in over HTTP; the session cookie and its token. */
async function signIn(email: string, password: string): Promise<{ status: number; body: string; cookie: string; token: string }> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const session = cookies.find((c) => c.startsWith("better-auth.session_token=")) ?? "";
  const value = decodeURIComponent(session.slice(session.indexOf("=") + 1));
  return { status: res.status, body: await res.text(), cookie: cookies.join("; "), token: value.split(".")[0] ?? "" };
}

describe("secrets stay secret", () => {
  it("answers and the server log carry no password, hash, API key or session token", async () => {
    const newPassword = "a brand new passphrase 93";
    const created = await api(server, "POST", "/api/v1/users", { email: "dana@debrief.test", name: "Dana Li", role: "responder", password: newPassword });
    expect(created.status).toBe(201);
    const key = await api(server, "POST", "/api/v1/api-keys", { name: "ci bot", role: "responder" });
    expect(key.status).toBe(201);
    const newKey: string = key.json.key;
    expect(newKey).toMatch(/^dbf_/);

    const secrets: Secrets = {
      passwords: [newPassword, ...Object.values(server.users).map((u) => u.password)],
      keys: [newKey, ...Object.values(server.keys)],
      tokens: [],
    };
    // The create answers: the user's carries no password; the key's carries the key (once) and nothing else secret.
    expectNoSecrets("POST /api/v1/users", created.text, secrets);
    expect(created.text).not.toMatch(SECRET_FIELDS);
    expectNoSecrets("POST /api/v1/api-keys", key.text, secrets, { allowKey: newKey });
    expect(JSON.stringify(key.json.apiKey)).not.toMatch(SECRET_FIELDS);

    // Sign-ins: two good, one wrong password, one unknown email.
    const admin = await signIn(server.users.admin.email, server.users.admin.password);
    const dana = await signIn("dana@debrief.test", newPassword);
    expect(admin.status).toBe(200);
    expect(dana.status).toBe(200);
    expect(admin.token.length).toBeGreaterThan(10);
    secrets.tokens.push(admin.token, dana.token);
    const wrong = await signIn("dana@debrief.test", "not the password at all");
    expect(wrong.status).toBe(401);
    const unknown = await signIn("nobody@debrief.test", "not the password at all");
    expect(unknown.status).toBe(401);
    secrets.passwords.push("not the password at all");
    for (const [what, body] of [["sign-in", admin.body], ["sign-in", dana.body], ["failed sign-in", wrong.body], ["failed sign-in", unknown.body]] as const) {
      expectNoSecrets(what, body, secrets);
    }

    // The session's own endpoints answer without the token.
    for (const path of ["/api/auth/get-session", "/api/auth/list-sessions"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: admin.cookie } });
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).toContain(path.endsWith("get-session") ? "admin@debrief.test" : "expiresAt");
      expectNoSecrets(path, text, secrets);
    }

    // Use keys: good, revoked, unknown, malformed.
    const asKey = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer ${newKey}` });
    expect(asKey.status).toBe(200);
    const bogus = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer dbf_${"x".repeat(43)}` });
    expect(bogus.status).toBe(401);
    expectNoSecrets("401 answer", bogus.text, secrets);
    const malformed = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer ${newKey} extra` });
    expect(malformed.status).toBe(401);
    expectNoSecrets("401 answer", malformed.text, secrets);
    const revoked = await api(server, "DELETE", `/api/v1/api-keys/${key.json.apiKey.id}`);
    expect(revoked.status).toBe(200);
    expectNoSecrets("DELETE /api/v1/api-keys/{id}", revoked.text, secrets);
    const afterRevoke = await api(server, "GET", "/api/v1/incidents", undefined, { authorization: `Bearer ${newKey}` });
    expect(afterRevoke.status).toBe(401);
    expectNoSecrets("401 answer", afterRevoke.text, secrets);

    // Changes that land in the audit log.
    const role = await api(server, "PATCH", `/api/v1/users/${created.json.id}`, { role: "viewer" });
    expect(role.status).toBe(200);
    const out = await api(server, "POST", `/api/v1/users/${created.json.id}/revoke-sessions`);
    expect(out.status).toBe(200);
    expect(out.json.revoked).toBe(1);
    // A bad create: the error names the field, not the value.
    const bad = await api(server, "POST", "/api/v1/users", { email: "eve@debrief.test", name: "Eve", role: "admin", password: "short" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("password");
    expect(bad.text).not.toContain('"short"');
    expectNoSecrets("400 answer", bad.text, secrets);

    // The lists, by API key and by session.
    for (const path of ["/api/v1/users", "/api/v1/api-keys", "/api/v1/audit", "/api/v1/audit?entity=user", "/api/v1/audit?entity=api_key"]) {
      const byKey = await api(server, "GET", path);
      expect(byKey.status, path).toBe(200);
      expectNoSecrets(path, byKey.text, secrets);
      expect(byKey.text, path).not.toMatch(SECRET_FIELDS);
      const bySession = await api(server, "GET", path, undefined, { authorization: "", cookie: admin.cookie });
      expect(bySession.status, path).toBe(200);
      expectNoSecrets(path, bySession.text, secrets);
    }
    const keys = await api(server, "GET", "/api/v1/api-keys");
    expect(keys.json.apiKeys.length).toBe(4);
    for (const k of keys.json.apiKeys) expect(Object.keys(k).sort()).toEqual(["createdAt", "createdBy", "effectiveRole", "id", "kind", "lastUsedAt", "name", "ownerId", "prefix", "revokedAt", "role"]);
    const users = await api(server, "GET", "/api/v1/users");
    for (const u of users.json.users) expect(Object.keys(u).sort()).toEqual(["banned", "createdAt", "email", "id", "name", "role"]);

    // Pages are answers too: the settings pages show no secret either.
    for (const path of ["/settings/users", "/settings/api-keys", "/settings/audit"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: admin.cookie } });
      expect(res.status, path).toBe(200);
      expectNoSecrets(path, await res.text(), secrets);
    }

    // Signing out leaves nothing in the log either.
    const signOut = await fetch(`${server.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: admin.cookie, origin: server.url, "content-type": "application/json" },
      body: "{}",
    });
    expect(signOut.status).toBe(200);

    const log = server.output();
    expect(log.length).toBeGreaterThan(0);
    expectNoSecrets("the server log", log, secrets);
  });
});

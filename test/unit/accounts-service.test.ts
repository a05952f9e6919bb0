import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPassword as betterAuthVerify } from "better-auth/crypto";
import { useTempDatabase } from "../support/db";
import { failure } from "../support/app-error";
import { SYSTEM_ACTOR, type Actor, type Role } from "@/lib/auth/actor";
import { actorForApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { changeOwnPassword, updateOwnProfile } from "@/lib/auth/account";
import { createUser, setUserActive, setUserRole } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";

// Accounts, keys and their bindings through the services, on a real
// temporary SQLite database.

useTempDatabase();

let n = 0;
async function person(role: Role, password = "a long enough password"): Promise<Actor & { email: string }> {
  n++;
  const email = `p${n}@debrief.test`;
  const user = await createUser({ input: { email, name: `Person ${n}`, role, password }, actor: SYSTEM_ACTOR });
  const db = await getDb();
  const sessionId = randomUUID();
  await db.session.create({ data: { id: sessionId, token: randomUUID(), userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) } });
  return { id: user.id, name: user.name, role, kind: "user", credential: { kind: "session", id: sessionId, userId: user.id }, email };
}

async function auditOf(entityId: string) {
  const db = await getDb();
  return db.auditLog.findMany({ where: { entityId }, orderBy: { at: "asc" } });
}

describe("API keys act for the person who made them", () => {
  it("never with more than the maker's current role; not at all while the maker is deactivated", async () => {
    const boss = await person("admin");
    const kim = await person("admin");
    const { key, apiKey } = await createApiKey({ input: { name: "kim's script", role: "admin" }, actor: kim });
    expect(apiKey).toMatchObject({ kind: "personal", ownerId: kim.id, role: "admin", effectiveRole: "admin", createdBy: kim.name });
    expect((await actorForApiKey(key))?.role).toBe("admin"); // now cached

    await setUserRole({ userId: kim.id, input: { role: "viewer" }, actor: boss });
    // At once, despite the key cache.
    expect((await actorForApiKey(key))?.role).toBe("viewer");
    const listed = (await listApiKeys({ actor: boss })).find((k) => k.id === apiKey.id);
    expect(listed).toMatchObject({ role: "admin", effectiveRole: "viewer" });

    await setUserRole({ userId: kim.id, input: { role: "responder" }, actor: boss });
    expect((await actorForApiKey(key))?.role).toBe("responder");

    await setUserActive({ userId: kim.id, active: false, actor: boss });
    expect(await actorForApiKey(key)).toBeNull();
    expect((await listApiKeys({ actor: boss })).find((k) => k.id === apiKey.id)?.effectiveRole).toBeNull();

    await setUserActive({ userId: kim.id, active: true, actor: boss });
    expect((await actorForApiKey(key))?.role).toBe("responder");
    // A raise gives the key back what it was made with, never more.
    await setUserRole({ userId: kim.id, input: { role: "admin" }, actor: boss });
    const asKey = await actorForApiKey(key);
    expect(asKey).toMatchObject({ role: "admin", kind: "api_key", credential: { kind: "api_key", id: apiKey.id, userId: kim.id } });
  });

  it("a key made with a personal key acts for the same person; a service key keeps its role", async () => {
    const boss = await person("admin");
    const lee = await person("admin");
    const { key: leeKey } = await createApiKey({ input: { name: "lee's admin key", role: "admin" }, actor: lee });
    const leeKeyActor = await actorForApiKey(leeKey);
    if (!leeKeyActor) throw new Error("key does not work");
    const child = await createApiKey({ input: { name: "made by lee's key", role: "responder" }, actor: leeKeyActor });
    expect(child.apiKey).toMatchObject({ kind: "personal", ownerId: lee.id });
    const service = await createApiKey({ input: { name: "pager bridge", role: "admin", service: true }, actor: lee });
    expect(service.apiKey).toMatchObject({ kind: "service", ownerId: null, createdBy: null, effectiveRole: "admin" });

    await setUserRole({ userId: lee.id, input: { role: "viewer" }, actor: boss });
    expect((await actorForApiKey(child.key))?.role).toBe("viewer");
    expect((await actorForApiKey(service.key))?.role).toBe("admin");
    // A demoted admin's key can no longer make admins (or anything an admin may).
    const demoted = await actorForApiKey(leeKey);
    if (!demoted) throw new Error("key does not work");
    expect((await failure(createUser({ input: { email: "x@debrief.test", name: "X", role: "admin", password: "a long enough password" }, actor: demoted }))).status).toBe(403);

    // Keys from a shell belong to no one.
    const cli = await createApiKey({ input: { name: "from a shell", role: "responder" }, actor: SYSTEM_ACTOR });
    expect(cli.apiKey.kind).toBe("service");
    await revokeApiKey({ id: service.apiKey.id, actor: boss });
    expect(await actorForApiKey(service.key)).toBeNull();
  });
});

describe("deactivating accounts", () => {
  it("signs the user out everywhere and is audited; the last active admin and oneself are refused", async () => {
    const boss = await person("admin");
    const sam = await person("responder");
    const db = await getDb();
    const deactivated = await setUserActive({ userId: sam.id, active: false, actor: boss });
    expect(deactivated.banned).toBe(true);
    expect(await db.session.count({ where: { userId: sam.id } })).toBe(0);
    expect((await auditOf(sam.id)).map((a) => a.action)).toEqual(["create", "deactivate"]);
    // Twice is a no-op, not a second audit row.
    await setUserActive({ userId: sam.id, active: false, actor: boss });
    expect((await auditOf(sam.id)).length).toBe(2);
    await setUserActive({ userId: sam.id, active: true, actor: boss });
    expect((await auditOf(sam.id)).map((a) => a.action)).toEqual(["create", "deactivate", "reactivate"]);

    expect((await failure(setUserActive({ userId: boss.id, active: false, actor: boss }))).status).toBe(409);
    // Deactivate every other admin; the last one then cannot go.
    const admins = await db.user.findMany({ where: { role: "admin", banned: false, id: { not: boss.id } } });
    for (const a of admins) await setUserActive({ userId: a.id, active: false, actor: boss });
    const other = await person("admin");
    await setUserActive({ userId: boss.id, active: false, actor: other });
    const last = await failure(setUserActive({ userId: other.id, active: false, actor: SYSTEM_ACTOR }));
    expect(last.status).toBe(409);
    expect(last.issues[0]?.path).toBe("active");
    expect((await failure(setUserRole({ userId: other.id, input: { role: "viewer" }, actor: SYSTEM_ACTOR }))).status).toBe(409);
    // A deactivated admin may be demoted while an active one remains.
    expect((await setUserRole({ userId: boss.id, input: { role: "viewer" }, actor: other })).role).toBe("viewer");
    for (const a of [...admins, { id: boss.id }]) await setUserActive({ userId: a.id, active: true, actor: other });
    await setUserRole({ userId: boss.id, input: { role: "admin" }, actor: other });
  });
});

describe("a user's own account", () => {
  it("a name change keeps the name limits and writes an audit row", async () => {
    const me = await person("viewer");
    for (const name of ["x".repeat(500_000), "y".repeat(101), "   ", ""]) {
      const err = await failure(updateOwnProfile({ input: { name }, actor: me }));
      expect(err.status).toBe(422);
      expect(err.issues[0]?.path).toBe("name");
    }
    expect((await failure(updateOwnProfile({ input: { name: "Ok", image: "data:..." }, actor: me }))).status).toBe(422);
    const renamed = await updateOwnProfile({ input: { name: "  Robin Ops  " }, actor: me });
    expect(renamed.name).toBe("Robin Ops");
    const rows = await auditOf(me.id);
    expect(rows.at(-1)).toMatchObject({ action: "update", actorId: me.id, before: JSON.stringify({ name: me.name }), after: JSON.stringify({ name: "Robin Ops" }) });
    // An API key is not a person.
    const { key } = await createApiKey({ input: { name: "k", role: "viewer", service: true }, actor: SYSTEM_ACTOR });
    const keyActor = await actorForApiKey(key);
    if (!keyActor) throw new Error("key does not work");
    expect((await failure(updateOwnProfile({ input: { name: "Bot" }, actor: keyActor }))).status).toBe(403);
  });

  it("a password change needs the current password, signs out the other sessions and is audited", async () => {
    const me = await person("responder", "the old passphrase");
    const db = await getDb();
    await db.session.create({ data: { id: randomUUID(), token: randomUUID(), userId: me.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    expect(await db.session.count({ where: { userId: me.id } })).toBe(2);

    const wrong = await failure(changeOwnPassword({ input: { currentPassword: "not it at all", newPassword: "the new passphrase" }, actor: me }));
    expect(wrong.status).toBe(403);
    expect(wrong.issues[0]?.path).toBe("currentPassword");
    const short = await failure(changeOwnPassword({ input: { currentPassword: "the old passphrase", newPassword: "short" }, actor: me }));
    expect(short.status).toBe(422);
    expect(short.issues[0]?.path).toBe("newPassword");
    expect((await failure(changeOwnPassword({ input: { currentPassword: "the old passphrase", newPassword: "the old passphrase" }, actor: me }))).status).toBe(422);
    expect((await failure(changeOwnPassword({ input: { newPassword: "the new passphrase" }, actor: me }))).issues[0]?.path).toBe("currentPassword");

    const result = await changeOwnPassword({ input: { currentPassword: "the old passphrase", newPassword: "the new passphrase" }, actor: me });
    expect(result).toEqual({ signedOutSessions: 1 });
    const sessions = await db.session.findMany({ where: { userId: me.id } });
    expect(sessions.map((s) => s.id)).toEqual([me.credential?.id]);
    const account = await db.account.findFirst({ where: { userId: me.id } });
    expect(await betterAuthVerify({ hash: account?.password ?? "", password: "the new passphrase" })).toBe(true);
    expect(await betterAuthVerify({ hash: account?.password ?? "", password: "the old passphrase" })).toBe(false);
    const audit = (await auditOf(me.id)).at(-1);
    expect(audit).toMatchObject({ action: "change_password", actorId: me.id, after: JSON.stringify({ signedOutSessions: 1 }) });
    expect(JSON.stringify(audit)).not.toContain("passphrase");
  });
});

import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { failure } from "../support/app-error";
import { insertAccount } from "../support/people";
import { LOCAL_ACTOR, SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { liveBus, type LiveMessage } from "@/lib/live/bus";
import { createIncident } from "@/lib/incidents/service";
import { createActionItem, getActionItem, listActionItems, updateActionItem } from "@/lib/action-items/service";
import { bulkUpdateActionItems } from "@/lib/action-items/bulk";
import { exportActionItemsCsv } from "@/lib/action-items/csv";
import { createUser } from "@/lib/auth/users";
import { updateOwnProfile } from "@/lib/auth/account";
import { assignIncidentRole, getIncidentRoles } from "@/lib/incident-roles/assignments";
import { BUILT_IN_ROLE_ID, ensureBuiltInRoles } from "@/lib/incident-roles/built-in";
import { personKey } from "@/lib/people/person-key";
import { accountNamedBy } from "@/lib/people/match";
import { searchPeople } from "@/lib/people/lookup";
import { backfillPeople } from "@/lib/people/backfill";
import { exportIncidentMarkdown, importMarkdownPostmortem } from "@/lib/postmortem/service";

useTempDatabase();
const admin = LOCAL_ACTOR;

async function newIncident(title = "Checkout down") {
  return createIncident({ input: { title, severity: "SEV2" }, actor: admin });
}

async function newItem(incidentId: string, input: Record<string, unknown> = {}) {
  const { item } = await createActionItem({ incidentId, input: { title: "Add retry budget", ...input }, actor: admin });
  return item;
}

/** Every title of the items a query lists, sorted. */
async function titles(query: Record<string, string>, actor: Actor = admin, incidentId?: string) {
  const { items } = await listActionItems({ query: { ...query, ...(incidentId ? { incident: incidentId } : {}), pageSize: "200" }, actor });
  return items.map((i) => i.title).sort();
}

/** A unique name per test, so tests sharing the database never match each other's people. */
const unique = (name: string) => `${name} ${randomUUID().slice(0, 6)}`;

describe("personKey", () => {
  it("ignores case, spacing and Unicode form, the same on every machine", () => {
    expect(personKey("  Alice   Chen ")).toBe("alice chen");
    expect(personKey("ALICE\tCHEN")).toBe("alice chen");
    expect(personKey("Ａｌｉｃｅ")).toBe("alice");
    expect(personKey("Zoe\u0301")).toBe(personKey("Zoé"));
    expect(personKey("İlkay")).toBe("i̇lkay");
    expect(personKey("ÜNAL")).toBe("ünal");
  });
});

describe("matching a name to an account", () => {
  it("finds the one account by name (any case or spacing) or email, and never guesses between two", async () => {
    const name = unique("Alice Chen");
    const alice = await insertAccount(name, { email: `${randomUUID().slice(0, 8)}@example.com` });
    expect(await accountNamedBy(await getDb(), name.toUpperCase().replace(" ", "   "))).toMatchObject({ id: alice.id, name });
    expect(await accountNamedBy(await getDb(), alice.email.toUpperCase())).toMatchObject({ id: alice.id });
    expect(await accountNamedBy(await getDb(), "Nobody Here")).toBeNull();
    const twin = unique("Sam Lee");
    await insertAccount(twin);
    await insertAccount(twin.toLowerCase(), { banned: true });
    expect(await accountNamedBy(await getDb(), twin)).toBeNull();
  });

  it("counts an email that equals another account's name as ambiguous", async () => {
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    await insertAccount(unique("Kim"), { email });
    await insertAccount(email);
    expect(await accountNamedBy(await getDb(), email)).toBeNull();
  });
});

describe("action-item owners are people", () => {
  it("links an owner picked by account id, and shows (and exports) the account's name", async () => {
    const inc = await newIncident();
    const name = unique("Priya Raman");
    const priya = await insertAccount(name);
    const item = await newItem(inc.id, { ownerId: priya.id });
    expect(item).toMatchObject({ owner: name, ownerId: priya.id });
    // Ids are matched whatever their case.
    expect(await newItem(inc.id, { ownerId: priya.id.toUpperCase() })).toMatchObject({ ownerId: priya.id });
    expect(item).not.toHaveProperty("ownerKey");
    const csv = await exportActionItemsCsv({ query: { incident: inc.id }, actor: admin });
    expect(csv.csv).toContain(name);
  });

  it("links free text that names exactly one account; keeps ambiguous or unknown names as free text", async () => {
    const inc = await newIncident();
    const name = unique("Omar Haddad");
    const omar = await insertAccount(name, { email: `${randomUUID().slice(0, 8)}@example.com` });
    const twin = unique("Jo Park");
    await insertAccount(twin);
    await insertAccount(twin);
    expect(await newItem(inc.id, { owner: ` ${name.toLowerCase()} ` })).toMatchObject({ owner: name, ownerId: omar.id });
    expect(await newItem(inc.id, { owner: omar.email })).toMatchObject({ owner: name, ownerId: omar.id });
    expect(await newItem(inc.id, { owner: twin })).toMatchObject({ owner: twin, ownerId: null });
    expect(await newItem(inc.id, { owner: "Dana (vendor)" })).toMatchObject({ owner: "Dana (vendor)", ownerId: null });
  });

  it("switches between an account, free text and nobody on edit, with the change audited", async () => {
    const inc = await newIncident();
    const name = unique("Lena Vogel");
    const lena = await insertAccount(name);
    const item = await newItem(inc.id, { owner: "Contractor Carl" });
    const linked = await updateActionItem({ id: item.id, input: { version: 1, ownerId: lena.id }, actor: admin });
    expect(linked).toMatchObject({ owner: name, ownerId: lena.id, version: 2 });
    const text = await updateActionItem({ id: item.id, input: { version: 2, owner: "Contractor Carl" }, actor: admin });
    expect(text).toMatchObject({ owner: "Contractor Carl", ownerId: null, version: 3 });
    const nobody = await updateActionItem({ id: item.id, input: { version: 3, ownerId: null }, actor: admin });
    expect(nobody).toMatchObject({ owner: null, ownerId: null, version: 4 });
    const db = await getDb();
    const audit = await db.auditLog.findMany({ where: { entityId: item.id, action: "update" }, orderBy: { at: "asc" } });
    expect(JSON.parse(audit[0]?.after ?? "")).toEqual({ owner: name, ownerId: lena.id });
    expect(JSON.parse(audit[2]?.after ?? "")).toEqual({ owner: null });
  });

  it("refuses owner and ownerId together, unknown or deactivated accounts, naming the field", async () => {
    const inc = await newIncident();
    const gone = await insertAccount(unique("Gone"), { banned: true });
    for (const input of [
      { owner: "A", ownerId: gone.id },
      { ownerId: randomUUID() },
      { ownerId: gone.id },
      { ownerId: "not-a-uuid" },
    ]) {
      const err = await failure(createActionItem({ incidentId: inc.id, input: { title: "x", ...input }, actor: admin }));
      expect(err.code, JSON.stringify(input)).toBe("validation_failed");
      expect(err.issues.map((i) => i.path)).toContain("ownerId");
    }
    const item = await newItem(inc.id);
    const err = await failure(bulkUpdateActionItems({ input: { ids: [item.id], ownerId: gone.id }, actor: admin }));
    expect(err.issues.map((i) => i.path)).toContain("ownerId");
  });

  it("keeps a deactivated owner on an item that already had them", async () => {
    const inc = await newIncident();
    const leaving = await insertAccount(unique("Leaving Soon"));
    const item = await newItem(inc.id, { ownerId: leaving.id });
    await (await getDb()).user.update({ where: { id: leaving.id }, data: { banned: true } });
    const edited = await updateActionItem({ id: item.id, input: { version: 1, ownerId: leaving.id, title: "Renamed" }, actor: admin });
    expect(edited).toMatchObject({ ownerId: leaving.id, title: "Renamed" });
  });

  it("assigns many at once to an account", async () => {
    const inc = await newIncident();
    const name = unique("Bulk Owner");
    const person = await insertAccount(name);
    const a = await newItem(inc.id, { title: "A" });
    const b = await newItem(inc.id, { title: "B", owner: "Someone" });
    const { items, updated } = await bulkUpdateActionItems({ input: { ids: [a.id, b.id], ownerId: person.id }, actor: admin });
    expect(updated).toBe(2);
    expect(items.map((i) => [i.owner, i.ownerId])).toEqual([
      [name, person.id],
      [name, person.id],
    ]);
  });
});

describe("owner filters", () => {
  it("ignore case and spacing, and find an account's items by its email too", async () => {
    const inc = await newIncident();
    const name = unique("Alice Chen");
    const alice = await insertAccount(name, { email: `${randomUUID().slice(0, 8)}@example.com` });
    const free = unique("Ravi Free");
    await newItem(inc.id, { title: "one", owner: free });
    await newItem(inc.id, { title: "two", owner: free.toUpperCase() });
    await newItem(inc.id, { title: "three", owner: `  ${free.replace(" ", "   ")} ` });
    await newItem(inc.id, { title: "other", owner: "Someone Else" });
    await newItem(inc.id, { title: "alice's", ownerId: alice.id });
    expect(await titles({ owner: free.toLowerCase() }, admin, inc.id)).toEqual(["one", "three", "two"]);
    expect(await titles({ owner: name.toUpperCase() }, admin, inc.id)).toEqual(["alice's"]);
    expect(await titles({ owner: alice.email }, admin, inc.id)).toEqual(["alice's"]);
    expect(await titles({ ownerId: alice.id }, admin, inc.id)).toEqual(["alice's"]);
    // One suggestion per person, however it was typed; names an account owns come as the account.
    const { names, people } = await searchPeople({ query: { q: free.toLowerCase() }, actor: admin });
    expect(names.map(personKey)).toEqual([personKey(free)]);
    expect(people).toEqual([]);
    // An account's items suggest the account, never its name as free text.
    const byAccount = await searchPeople({ query: { q: name }, actor: admin });
    expect(byAccount.people.map((p) => p.id)).toEqual([alice.id]);
    expect(byAccount.names).toEqual([]);
  });

  it("'mine' is the requester's own items: a person, or a personal key's person; a service key has none", async () => {
    const inc = await newIncident();
    const me = await insertAccount(unique("Mia Me"));
    await newItem(inc.id, { title: "mine by id", ownerId: me.id });
    await newItem(inc.id, { title: "mine by name", owner: me.name.toLowerCase() });
    await newItem(inc.id, { title: "not mine", owner: "Other Person" });
    expect(await titles({ mine: "true" }, me.actor)).toEqual(["mine by id", "mine by name"]);
    const personalKey: Actor = { id: "key:1", name: "bot (API key)", role: "responder", kind: "api_key", credential: { kind: "api_key", id: "1", userId: me.id } };
    expect(await titles({ mine: "true" }, personalKey)).toEqual(["mine by id", "mine by name"]);
    const serviceKey: Actor = { id: "key:2", name: "svc (API key)", role: "responder", kind: "api_key", credential: { kind: "api_key", id: "2", userId: null } };
    const err = await failure(listActionItems({ query: { mine: "true" }, actor: serviceKey }));
    expect(err.issues.map((i) => i.path)).toEqual(["mine"]);
    expect((await failure(listActionItems({ query: { mine: "yes" }, actor: me.actor }))).issues.map((i) => i.path)).toEqual(["mine"]);
    expect((await failure(listActionItems({ query: { ownerId: "x" }, actor: me.actor }))).issues.map((i) => i.path)).toEqual(["ownerId"]);
  });

  it("sorts owners ignoring case", async () => {
    const inc = await newIncident();
    await newItem(inc.id, { title: "b", owner: "bravo" });
    await newItem(inc.id, { title: "A", owner: "Alpha" });
    await newItem(inc.id, { title: "C", owner: "Charlie" });
    const { items } = await listActionItems({ query: { incident: inc.id, sort: "owner", dir: "asc" }, actor: admin });
    expect(items.map((i) => i.owner)).toEqual(["Alpha", "bravo", "Charlie"]);
  });
});

describe("linking when an account is created or renamed", () => {
  it("a new account takes the free-text items and roles written with its name or email, if no one else matches", async () => {
    const inc = await newIncident();
    const name = unique("Noor Ali");
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    const byName = await newItem(inc.id, { title: "by name", owner: name.toLowerCase() });
    const byEmail = await newItem(inc.id, { title: "by email", owner: email.toUpperCase() });
    const db = await getDb();
    await ensureBuiltInRoles();
    await db.incidentRoleAssignment.create({
      data: { incidentId: inc.id, roleId: BUILT_IN_ROLE_ID.scribe, personName: name, personKey: personKey(name), assignedById: "x", assignedByName: "X" },
    });
    const user = await createUser({ input: { email, name, password: "a long enough password", role: "responder" }, actor: SYSTEM_ACTOR });
    expect(await getActionItem({ id: byName.id, actor: admin })).toMatchObject({ owner: name, ownerId: user.id, version: 2 });
    expect(await getActionItem({ id: byEmail.id, actor: admin })).toMatchObject({ owner: name, ownerId: user.id });
    const roles = await getIncidentRoles({ incidentId: inc.id, actor: admin });
    expect(roles.roles.find((r) => r.key === "scribe")?.holder).toMatchObject({ userId: user.id, name });
    const audit = await db.auditLog.findMany({ where: { entityId: { in: [byName.id, byEmail.id] }, action: "link_owner" } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorName === SYSTEM_ACTOR.name)).toBe(true);
  });

  it("leaves a name two accounts share, and items already linked to someone, alone", async () => {
    const inc = await newIncident();
    const name = unique("Chris Kim");
    const first = await insertAccount(name);
    const linked = await newItem(inc.id, { title: "first's", ownerId: first.id });
    // Written while the name was ambiguous: free text.
    await insertAccount(name);
    const free = await newItem(inc.id, { title: "free", owner: name });
    expect(free.ownerId).toBeNull();
    await createUser({ input: { email: `${randomUUID().slice(0, 8)}@example.com`, name, password: "a long enough password", role: "viewer" }, actor: SYSTEM_ACTOR });
    expect((await getActionItem({ id: free.id, actor: admin })).ownerId).toBeNull();
    expect((await getActionItem({ id: linked.id, actor: admin })).ownerId).toBe(first.id);
  });

  it("a rename carries the person's items and roles along, and picks up free text written with the new name", async () => {
    const inc = await newIncident();
    const oldName = unique("Al Chen");
    const newName = unique("Alice Chen");
    const user = await createUser({ input: { email: `${randomUUID().slice(0, 8)}@example.com`, name: oldName, password: "a long enough password", role: "responder" }, actor: SYSTEM_ACTOR });
    const actor: Actor = { id: user.id, name: oldName, role: "responder", kind: "user", credential: { kind: "session", id: "s", userId: user.id } };
    const theirs = await newItem(inc.id, { title: "theirs", ownerId: user.id });
    const typed = await newItem(inc.id, { title: "typed", owner: newName.toUpperCase() });
    expect(typed.ownerId).toBeNull();
    const db = await getDb();
    await ensureBuiltInRoles();
    await db.incidentRoleAssignment.create({
      data: { incidentId: inc.id, roleId: BUILT_IN_ROLE_ID.commander, userId: user.id, personName: oldName, personKey: personKey(oldName), assignedById: "x", assignedByName: "X" },
    });
    await updateOwnProfile({ input: { name: newName }, actor });
    expect(await getActionItem({ id: theirs.id, actor: admin })).toMatchObject({ owner: newName, ownerId: user.id });
    expect(await getActionItem({ id: typed.id, actor: admin })).toMatchObject({ owner: newName, ownerId: user.id });
    expect(await titles({ owner: newName.toLowerCase() }, admin, inc.id)).toEqual(["theirs", "typed"]);
    const roles = await getIncidentRoles({ incidentId: inc.id, actor: admin });
    expect(roles.roles.find((r) => r.key === "commander")?.holder).toMatchObject({ userId: user.id, name: newName });
  });

  it("a rename tells open incident pages where the person holds a role, with a newer roles version", async () => {
    const [led, scribed, other] = await Promise.all([newIncident("Led"), newIncident("Scribed"), newIncident("Not theirs")]);
    const oldName = unique("Sam Roe");
    const newName = unique("Samira Roe");
    const user = await createUser({ input: { email: `${randomUUID().slice(0, 8)}@example.com`, name: oldName, password: "a long enough password", role: "responder" }, actor: SYSTEM_ACTOR });
    const actor: Actor = { id: user.id, name: oldName, role: "responder", kind: "user", credential: { kind: "session", id: "s", userId: user.id } };
    await assignIncidentRole({ incidentId: led.id, roleKey: "commander", input: { userId: user.id }, actor: admin });
    await assignIncidentRole({ incidentId: scribed.id, roleKey: "scribe", input: { userId: user.id }, actor: admin });
    await assignIncidentRole({ incidentId: scribed.id, roleKey: "commander", input: { name: "Someone Else" }, actor: admin });
    const versions = await Promise.all([led, scribed].map((i) => getIncidentRoles({ incidentId: i.id, actor: admin }).then((r) => r.version)));
    const heard: Array<{ incidentId: string; message: LiveMessage }> = [];
    const stops = [led, scribed, other].map((i) => liveBus().subscribe(i.id, (message) => heard.push({ incidentId: i.id, message })));
    try {
      await updateOwnProfile({ input: { name: newName }, actor });
    } finally {
      for (const stop of stops) stop();
    }
    const frames = heard.flatMap((h) => (h.message.type === "roles" ? [{ incidentId: h.incidentId, roles: h.message.roles }] : []));
    expect(frames.map((f) => f.incidentId).sort()).toEqual([led.id, scribed.id].sort());
    const ledFrame = frames.find((f) => f.incidentId === led.id)?.roles;
    expect(ledFrame?.version).toBe((versions[0] ?? 0) + 1);
    expect(ledFrame?.roles.find((r) => r.key === "commander")?.holder).toMatchObject({ userId: user.id, name: newName });
    const scribedFrame = frames.find((f) => f.incidentId === scribed.id)?.roles;
    expect(scribedFrame?.version).toBe((versions[1] ?? 0) + 1);
    expect(scribedFrame?.roles.find((r) => r.key === "scribe")?.holder).toMatchObject({ name: newName });
    // The frame is the whole roles list, as a page load shows it: the other holder is still there.
    expect(scribedFrame).toEqual(await getIncidentRoles({ incidentId: scribed.id, actor: admin }));
    expect(scribedFrame?.roles.find((r) => r.key === "commander")?.holder).toMatchObject({ name: "Someone Else" });
  });
});

describe("the start-up backfill", () => {
  it("keys old rows and links those that name exactly one account; a second run changes nothing", async () => {
    const db = await getDb();
    const inc = await newIncident();
    const name = unique("Legacy Lou");
    const lou = await insertAccount(name, { legacy: true });
    const twin = unique("Twin Tam");
    await insertAccount(twin, { legacy: true });
    await insertAccount(twin, { legacy: true });
    // Rows as they were before accounts were linked: no keys.
    const legacy = async (title: string, owner: string | null) => {
      const id = randomUUID();
      await db.actionItem.create({ data: { id, incidentId: inc.id, title, owner, createdById: "old" } });
      return id;
    };
    const louItem = await legacy("lou", name.toUpperCase());
    const twinItem = await legacy("twin", twin);
    const freeItem = await legacy("free", "Outside Olga");
    const noOwner = await legacy("nobody", null);
    // Roles as free text on the incident, as before roles were assignments (or in an old backup).
    await db.incident.update({ where: { id: inc.id }, data: { commander: ` ${name.toLowerCase()} `, scribe: twin } });
    const assigned = await newIncident("Assigned since");
    await assignIncidentRole({ incidentId: assigned.id, roleKey: "commander", input: { name: "Newer Nell" }, actor: admin });
    await db.incident.update({ where: { id: assigned.id }, data: { commander: "Older Olaf" } });

    const summary = await backfillPeople();
    expect(summary.users).toBeGreaterThanOrEqual(3);
    expect(summary.legacyRoles).toBe(2);
    expect(summary.linkedActionItems).toBe(1);
    expect(summary.linkedRoleHolders).toBe(1);
    const row = (id: string) => db.actionItem.findUniqueOrThrow({ where: { id } });
    expect(await row(louItem)).toMatchObject({ ownerId: lou.id, owner: name, ownerKey: personKey(name), version: 2 });
    expect(await row(twinItem)).toMatchObject({ ownerId: null, owner: twin, ownerKey: personKey(twin), version: 1 });
    expect(await row(freeItem)).toMatchObject({ ownerId: null, ownerKey: "outside olga" });
    expect(await row(noOwner)).toMatchObject({ ownerId: null, ownerKey: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: lou.id } })).nameKey).toBe(personKey(name));
    const roles = await getIncidentRoles({ incidentId: inc.id, actor: admin });
    expect(roles.roles.find((r) => r.key === "commander")?.holder).toMatchObject({ userId: lou.id, name });
    expect(roles.roles.find((r) => r.key === "scribe")?.holder).toMatchObject({ userId: null, name: twin });
    expect(roles.version).toBe(2);
    // An assignment made since the old text wins; the old text is cleared either way.
    const since = await getIncidentRoles({ incidentId: assigned.id, actor: admin });
    expect(since.roles.find((r) => r.key === "commander")?.holder?.name).toBe("Newer Nell");
    expect(await db.incident.count({ where: { OR: [{ commander: { not: null } }, { scribe: { not: null } }] } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { entityId: louItem, action: "link_owner" } });
    expect(audit).toHaveLength(1);

    expect(await backfillPeople()).toEqual({ users: 0, actionItems: 0, linkedActionItems: 0, legacyRoles: 0, roleHolders: 0, linkedRoleHolders: 0 });
    // And the filter now finds the old rows ignoring case.
    expect(await titles({ owner: twin.toUpperCase() }, admin, inc.id)).toEqual(["twin"]);
  });
});

describe("people lookup (typeahead)", () => {
  it("finds active accounts by name, a later word of the name, or email prefix; at most `limit`", async () => {
    const tag = randomUUID().slice(0, 6);
    const ana = await insertAccount(`Ana${tag} Lopez`, { email: `ana.${tag}@example.com` });
    const bea = await insertAccount(`Bea Ana${tag}`, { email: `bea.${tag}@example.com` });
    await insertAccount(`Ana${tag} Gone`, { banned: true });
    const found = await searchPeople({ query: { q: `ANA${tag}` }, actor: admin });
    expect(found.people.map((p) => p.id)).toEqual([ana.id, bea.id]);
    expect(found.people[0]).toEqual({ id: ana.id, name: ana.name, email: ana.email });
    expect((await searchPeople({ query: { q: `bea.${tag}` }, actor: admin })).people.map((p) => p.id)).toEqual([bea.id]);
    expect((await searchPeople({ query: { q: `ana${tag}`, limit: "1" }, actor: admin })).people).toHaveLength(1);
  });

  it("offers the names in use without an account by prefix, one per person, whatever their number", async () => {
    const inc = await newIncident();
    const tag = randomUUID().slice(0, 6);
    // More free-text owners than any page could list: each is still found by its start.
    const many = Array.from({ length: 600 }, (_, i) => `Zed${tag} Owner ${String(i).padStart(3, "0")}`);
    const db = await getDb();
    await db.actionItem.createMany({
      data: many.map((owner) => ({ id: randomUUID(), incidentId: inc.id, title: "bulk", owner, ownerKey: personKey(owner), createdById: "seed" })),
    });
    await newItem(inc.id, { title: "again", owner: `zed${tag}   owner 599` });
    expect((await searchPeople({ query: { q: `zed${tag} owner 599` }, actor: admin })).names).toEqual([`Zed${tag} Owner 599`]);
    const first = await searchPeople({ query: { q: `ZED${tag}`, limit: "20" }, actor: admin });
    expect(first.names).toEqual(many.slice(0, 20));
    // A deleted incident's items are not offered.
    const gone = await newIncident("Deleted");
    await newItem(gone.id, { title: "hidden", owner: `Yoko${tag}` });
    await db.incident.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    expect((await searchPeople({ query: { q: `yoko${tag}` }, actor: admin })).names).toEqual([]);
    // % and _ in a name are text, not wildcards.
    await newItem(inc.id, { title: "pct", owner: `Q%${tag}` });
    expect((await searchPeople({ query: { q: `q%${tag}` }, actor: admin })).names).toEqual([`Q%${tag}`]);
    expect((await searchPeople({ query: { q: `q_${tag}` }, actor: admin })).names).toEqual([]);
  });

  it("treats % and _ as text, and checks its parameters", async () => {
    await insertAccount(`Pct ${randomUUID().slice(0, 6)}`);
    expect((await searchPeople({ query: { q: "%" }, actor: admin })).people).toEqual([]);
    expect((await searchPeople({ query: { q: "_" }, actor: admin })).people).toEqual([]);
    for (const [query, path] of [
      [{}, "q"],
      [{ q: "" }, "q"],
      [{ q: "x".repeat(101) }, "q"],
      [{ q: "a", limit: "21" }, "limit"],
      [{ q: "a", limit: "0" }, "limit"],
      [{ q: "a", other: "1" }, "other"],
    ] as const) {
      const err = await failure(searchPeople({ query, actor: admin }));
      expect(err.code).toBe("validation_failed");
      expect(err.issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe("postmortem export and import", () => {
  it("exports a linked owner by the person's name, and links it again on import", async () => {
    const name = unique("Export Eve");
    const eve = await insertAccount(name);
    const inc = await newIncident("Export round trip");
    await newItem(inc.id, { title: "Page on 5xx ratio", ownerId: eve.id });
    await newItem(inc.id, { title: "Vendor fix", owner: "Vendor Vic" });
    // The SRE template's action-item table has an Owner column.
    const first = await exportIncidentMarkdown({ incidentId: inc.id, query: { template: "sre" }, actor: admin });
    expect(first.markdown).toContain(`| ${name} |`);
    expect(first.markdown).not.toContain(eve.id);
    const imported = await importMarkdownPostmortem({ text: first.markdown, actor: admin });
    const { items } = await listActionItems({ query: { incident: imported.id }, actor: admin });
    expect(items.map((i) => [i.title, i.owner, i.ownerId]).sort()).toEqual([
      ["Page on 5xx ratio", name, eve.id],
      ["Vendor fix", "Vendor Vic", null],
    ]);
  });
});

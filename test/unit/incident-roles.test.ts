import { describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { failure } from "../support/app-error";
import { insertAccount } from "../support/people";
import { LOCAL_ACTOR, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { LIMITS } from "@/lib/validation";
import { createIncident, deleteIncident } from "@/lib/incidents/service";
import { listTimelineEvents } from "@/lib/timeline/service";
import { liveBus, type LiveMessage } from "@/lib/live/bus";
import { assignIncidentRole, getIncidentRoles, unassignIncidentRole } from "@/lib/incident-roles/assignments";
import { createIncidentRole, listIncidentRoles, removeIncidentRole, roleKeyFromName, updateIncidentRole } from "@/lib/incident-roles/definitions";
import { ROLE_LIMITS } from "@/lib/incident-roles/schemas";
import type { IncidentRolesDto } from "@/lib/incident-roles/dto";

useTempDatabase();
const admin = LOCAL_ACTOR;

async function newIncident(title = "Checkout down") {
  return createIncident({ input: { title, severity: "SEV1" }, actor: admin });
}

const holderOf = (roles: IncidentRolesDto, key: string) => roles.roles.find((r) => r.key === key)?.holder ?? null;

async function roleEntries(incidentId: string) {
  const { events } = await listTimelineEvents({ incidentId, actor: admin });
  return events.filter((e) => e.kind === "status_change").map((e) => e.body);
}

async function roleAudit(incidentId: string) {
  const db = await getDb();
  return db.auditLog.findMany({ where: { incidentId, action: { in: ["assign_role", "unassign_role"] } }, orderBy: { at: "asc" } });
}

describe("assigning incident roles", () => {
  it("offers commander, scribe and communications lead on every incident, unheld at first", async () => {
    const inc = await newIncident();
    const roles = await getIncidentRoles({ incidentId: inc.id, actor: admin });
    expect(roles.roles.slice(0, 3).map((r) => [r.key, r.name, r.builtIn, r.holder])).toEqual([
      ["commander", "Commander", true, null],
      ["scribe", "Scribe", true, null],
      ["communications", "Communications lead", true, null],
    ]);
    expect(roles.version).toBe(0);
  });

  it("writes the assignment, an internal timeline entry and an audit row together", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    const roles = await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
    expect(holderOf(roles, "commander")).toMatchObject({ userId: alice.id, name: "Alice Chen", assignedBy: admin.name });
    expect(roles.version).toBe(1);

    const { events } = await listTimelineEvents({ incidentId: inc.id, actor: admin });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "status_change", body: "Alice Chen is now Commander.", visibility: "internal", key: false, authorName: admin.name });
    const audit = await roleAudit(inc.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.after ?? "")).toEqual({ role: "commander", holder: "Alice Chen", userId: alice.id });
    expect(JSON.parse(audit[0]?.before ?? "")).toEqual({ role: "commander", holder: null });
  });

  it("says who took over from whom, and changes nothing when the holder is given the role again", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    const bo = await insertAccount("Bo Lee");
    await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
    const again = await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
    expect(again.version).toBe(1);
    const replaced = await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: bo.id }, actor: bo.actor });
    expect(holderOf(replaced, "commander")).toMatchObject({ userId: bo.id, name: "Bo Lee", assignedBy: "Bo Lee" });
    expect(replaced.version).toBe(2);
    expect(await roleEntries(inc.id)).toEqual(["Alice Chen is now Commander.", "Bo Lee is now Commander (was Alice Chen)."]);
    expect(await roleAudit(inc.id)).toHaveLength(2);
  });

  it("lets one person hold several roles, and unassigns with an entry of its own", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
    const both = await assignIncidentRole({ incidentId: inc.id, roleKey: "scribe", input: { userId: alice.id }, actor: admin });
    expect(holderOf(both, "scribe")?.userId).toBe(alice.id);
    expect(holderOf(both, "commander")?.userId).toBe(alice.id);
    const none = await unassignIncidentRole({ incidentId: inc.id, roleKey: "scribe", actor: admin });
    expect(holderOf(none, "scribe")).toBeNull();
    const noop = await unassignIncidentRole({ incidentId: inc.id, roleKey: "scribe", actor: admin });
    expect(noop.version).toBe(none.version);
    expect(await roleEntries(inc.id)).toEqual(["Alice Chen is now Commander.", "Alice Chen is now Scribe.", "Scribe unassigned (was Alice Chen)."]);
    const audit = await roleAudit(inc.id);
    expect(audit.map((a) => a.action)).toEqual(["assign_role", "assign_role", "unassign_role"]);
  });

  it("rolls everything back when the timeline entry cannot be written (one transaction)", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    const db = await getDb();
    // A full incident refuses further timeline entries.
    await db.incident.update({ where: { id: inc.id }, data: { eventCount: LIMITS.eventsPerIncident } });
    const err = await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin }));
    expect(err.code).toBe("limit_exceeded");
    expect(await db.incidentRoleAssignment.count({ where: { incidentId: inc.id } })).toBe(0);
    expect(await roleAudit(inc.id)).toHaveLength(0);
    expect((await getIncidentRoles({ incidentId: inc.id, actor: admin })).version).toBe(0);
  });

  it("does not let viewers assign or unassign, and writes nothing for them", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    const viewer: Actor = { id: "v", name: "Vic Viewer", role: "viewer", kind: "user" };
    expect((await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: viewer }))).code).toBe("forbidden");
    await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
    expect((await failure(unassignIncidentRole({ incidentId: inc.id, roleKey: "commander", actor: viewer }))).code).toBe("forbidden");
    // Viewers still read them.
    expect(holderOf(await getIncidentRoles({ incidentId: inc.id, actor: viewer }), "commander")?.userId).toBe(alice.id);
    expect(await roleAudit(inc.id)).toHaveLength(1);
  });

  it("names someone without an account in free text, linking a name that is exactly one account's", async () => {
    const inc = await newIncident();
    const priya = await insertAccount("Priya Raman", { email: "priya@example.com" });
    await insertAccount("Sam Lee");
    await insertAccount("sam  lee");
    const linked = await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { name: "  PRIYA raman " }, actor: admin });
    expect(holderOf(linked, "commander")).toMatchObject({ userId: priya.id, name: "Priya Raman" });
    const byEmail = await assignIncidentRole({ incidentId: inc.id, roleKey: "scribe", input: { name: "Priya@Example.com" }, actor: admin });
    expect(holderOf(byEmail, "scribe")).toMatchObject({ userId: priya.id, name: "Priya Raman" });
    const ambiguous = await assignIncidentRole({ incidentId: inc.id, roleKey: "communications", input: { name: "Sam Lee" }, actor: admin });
    expect(holderOf(ambiguous, "communications")).toMatchObject({ userId: null, name: "Sam Lee" });
    const vendor = await assignIncidentRole({ incidentId: inc.id, roleKey: "communications", input: { name: "Dana (vendor)" }, actor: admin });
    expect(holderOf(vendor, "communications")).toMatchObject({ userId: null, name: "Dana (vendor)" });
  });

  it("refuses bad input, naming the field, and unknown incidents or roles", async () => {
    const inc = await newIncident();
    const gone = await insertAccount("Gone Person", { banned: true });
    const cases: Array<[unknown, string]> = [
      [{}, "userId"],
      [{ userId: "not-a-uuid" }, "userId"],
      [{ userId: "0b1a4c1e-0000-4000-8000-000000000000" }, "userId"],
      [{ userId: gone.id }, "userId"],
      [{ name: "" }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: "two\nlines" }, "name"],
      [{ name: "A", userId: gone.id }, "name"],
      [{ name: "A", extra: 1 }, "extra"],
      ["just text", "(body)"],
    ];
    for (const [input, path] of cases) {
      const err = await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input, actor: admin }));
      expect(err.code, JSON.stringify(input)).toBe("validation_failed");
      expect(err.issues.map((i) => i.path), JSON.stringify(input)).toContain(path);
    }
    expect((await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "pilot", input: { name: "A" }, actor: admin }))).code).toBe("not_found");
    expect((await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "../x", input: { name: "A" }, actor: admin }))).code).toBe("not_found");
    await deleteIncident({ id: inc.id, actor: admin });
    expect((await failure(assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { name: "A" }, actor: admin }))).code).toBe("not_found");
    expect((await failure(getIncidentRoles({ incidentId: inc.id, actor: admin }))).code).toBe("not_found");
    expect(await roleAudit(inc.id)).toHaveLength(0);
  });

  it("writes names into the entry literally and on one line (Markdown in a name does nothing)", async () => {
    const inc = await newIncident();
    await assignIncidentRole({ incidentId: inc.id, roleKey: "scribe", input: { name: "*Ana* [x](javascript:alert(1)) <b>" }, actor: admin });
    // Account names are checked less strictly than typed names: a line break in one stays out of the entry.
    const odd = await insertAccount("Odd\n# Heading");
    await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: odd.id.toUpperCase() }, actor: admin });
    expect(await roleEntries(inc.id)).toEqual(["\\*Ana\\* \\[x\\](javascript:alert(1)) \\<b\\> is now Scribe.", "Odd \\# Heading is now Commander."]);
  });

  it("tells live viewers: the timeline entry, then the roles with a higher version", async () => {
    const inc = await newIncident();
    const alice = await insertAccount("Alice Chen");
    const heard: LiveMessage[] = [];
    const unsubscribe = liveBus().subscribe(inc.id, (m) => heard.push(m));
    try {
      await assignIncidentRole({ incidentId: inc.id, roleKey: "commander", input: { userId: alice.id }, actor: admin });
      await unassignIncidentRole({ incidentId: inc.id, roleKey: "commander", actor: admin });
    } finally {
      unsubscribe();
    }
    expect(heard.map((m) => m.type)).toEqual(["event", "roles", "event", "roles"]);
    const versions = heard.flatMap((m) => (m.type === "roles" ? [m.roles.version] : []));
    expect(versions).toEqual([1, 2]);
    const last = heard.at(-1);
    expect(last?.type === "roles" ? holderOf(last.roles, "commander") : "missing").toBeNull();
    // Plain JSON: it crosses processes (PostgreSQL NOTIFY) and the SSE stream unchanged.
    expect(JSON.parse(JSON.stringify(heard[1]))).toEqual(heard[1]);
  });
});

describe("custom roles (Settings)", () => {
  it("lets admins add, rename and remove roles; removed ones stay where someone holds them", async () => {
    const role = await createIncidentRole({ input: { name: "Customer liaison", description: "Talks to the affected customers." }, actor: admin });
    expect(role).toMatchObject({ key: "customer-liaison", name: "Customer liaison", builtIn: false });
    expect((await listIncidentRoles({ actor: admin })).map((r) => r.key)).toContain("customer-liaison");

    const inc = await newIncident();
    const other = await newIncident("Other");
    const alice = await insertAccount("Alice Chen");
    await assignIncidentRole({ incidentId: inc.id, roleKey: "customer-liaison", input: { userId: alice.id }, actor: admin });
    const renamed = await updateIncidentRole({ key: "customer-liaison", input: { name: "Customer lead" }, actor: admin });
    expect(renamed).toMatchObject({ key: "customer-liaison", name: "Customer lead" });

    await removeIncidentRole({ key: "customer-liaison", actor: admin });
    expect((await listIncidentRoles({ actor: admin })).map((r) => r.key)).not.toContain("customer-liaison");
    const held = (await getIncidentRoles({ incidentId: inc.id, actor: admin })).roles.find((r) => r.key === "customer-liaison");
    expect(held).toMatchObject({ archived: true, holder: { userId: alice.id } });
    expect((await getIncidentRoles({ incidentId: other.id, actor: admin })).roles.map((r) => r.key)).not.toContain("customer-liaison");
    // Removed: never given again, but its holder can be unassigned.
    const err = await failure(assignIncidentRole({ incidentId: other.id, roleKey: "customer-liaison", input: { userId: alice.id }, actor: admin }));
    expect(err.code).toBe("conflict");
    const after = await unassignIncidentRole({ incidentId: inc.id, roleKey: "customer-liaison", actor: admin });
    expect(after.roles.map((r) => r.key)).not.toContain("customer-liaison");
    // Its key is never reused: a new role of the same name gets another.
    expect((await createIncidentRole({ input: { name: "Customer liaison" }, actor: admin })).key).toBe("customer-liaison-2");
  });

  it("keeps built-in roles, refuses duplicate names ignoring case, and checks every field", async () => {
    expect((await failure(removeIncidentRole({ key: "commander", actor: admin }))).code).toBe("conflict");
    const renamed = await updateIncidentRole({ key: "commander", input: { name: "Incident lead" }, actor: admin });
    expect(renamed).toMatchObject({ key: "commander", name: "Incident lead", builtIn: true });
    await updateIncidentRole({ key: "commander", input: { name: "Commander" }, actor: admin });
    const dup = await failure(createIncidentRole({ input: { name: "  SCRIBE " }, actor: admin }));
    expect(dup.code).toBe("conflict");
    expect(dup.issues[0]?.path).toBe("name");
    for (const [input, path] of [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(ROLE_LIMITS.nameMax + 1) }, "name"],
      [{ name: "a\tb" }, "name"],
      [{ name: "Ok", description: "d".repeat(ROLE_LIMITS.descriptionMax + 1) }, "description"],
      [{ name: "Ok", key: "chosen" }, "key"],
    ] as const) {
      const err = await failure(createIncidentRole({ input, actor: admin }));
      expect(err.code).toBe("validation_failed");
      expect(err.issues.map((i) => i.path)).toContain(path);
    }
    expect((await failure(updateIncidentRole({ key: "scribe", input: {}, actor: admin }))).issues[0]?.path).toBe("name");
    expect((await failure(updateIncidentRole({ key: "nope", input: { name: "X" }, actor: admin }))).code).toBe("not_found");
  });

  it("only admins manage roles; everyone signed in reads them", async () => {
    const responder: Actor = { id: "r", name: "Rae Responder", role: "responder", kind: "user" };
    const viewer: Actor = { id: "v", name: "Vic Viewer", role: "viewer", kind: "user" };
    expect((await failure(createIncidentRole({ input: { name: "Pilot" }, actor: responder }))).code).toBe("forbidden");
    expect((await failure(updateIncidentRole({ key: "scribe", input: { name: "Pilot" }, actor: responder }))).code).toBe("forbidden");
    expect((await failure(removeIncidentRole({ key: "scribe", actor: responder }))).code).toBe("forbidden");
    expect((await listIncidentRoles({ actor: viewer })).length).toBeGreaterThanOrEqual(3);
  });

  it("offers at most 20 roles at a time", async () => {
    const db = await getDb();
    const active = await db.incidentRole.count({ where: { archivedAt: null } });
    for (let i = active; i < ROLE_LIMITS.activeMax; i++) await createIncidentRole({ input: { name: `Extra role ${i}` }, actor: admin });
    const err = await failure(createIncidentRole({ input: { name: "One too many" }, actor: admin }));
    expect(err.code).toBe("limit_exceeded");
    expect(await db.incidentRole.count({ where: { archivedAt: null } })).toBe(ROLE_LIMITS.activeMax);
    expect((await listIncidentRoles({ actor: admin })).length).toBe(ROLE_LIMITS.activeMax);
  });

  it("makes URL keys from names", () => {
    expect(roleKeyFromName("Customer liaison")).toBe("customer-liaison");
    expect(roleKeyFromName("  Équipe  réseau!! ")).toBe("equipe-reseau");
    expect(roleKeyFromName("日本")).toBe("role");
    expect(roleKeyFromName("x".repeat(80)).length).toBeLessThanOrEqual(36);
  });
});

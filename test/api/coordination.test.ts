import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { api, startTestServer, type TestServer } from "../support/server";
import { openStream } from "../support/sse";
import { asSession, signInOverHttp } from "../support/sessions";

// Incident roles, people lookup and people as action-item owners, over HTTP
// against the production server.

let server: TestServer;
let incident: { id: string; number: number };
const people: Record<"viewer" | "responder" | "admin", { id: string; name: string; email: string }> = {} as never;

const as = (role: "viewer" | "responder" | "admin" | "anonymous") => ({ authorization: role === "anonymous" ? "" : `Bearer ${server.keys[role]}` });
const rolesPath = (id = incident.id) => `/api/v1/incidents/${id}/roles`;

beforeAll(async () => {
  server = await startTestServer();
  incident = (await api(server, "POST", "/api/v1/incidents", { title: "Checkout 503s", severity: "SEV1" })).json;
  const users = await api(server, "GET", "/api/v1/users");
  for (const role of ["viewer", "responder", "admin"] as const) {
    const u = users.json.users.find((x: { email: string }) => x.email === server.users[role].email);
    people[role] = { id: u.id, name: u.name, email: u.email };
  }
});

afterAll(async () => {
  await server?.dispose();
});

describe("GET /api/v1/people", () => {
  it("finds active accounts by name or email prefix for any signed-in role, at most 20", async () => {
    const res = await api(server, "GET", "/api/v1/people?q=test%20resp", undefined, as("viewer"));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ people: [people.responder], names: [] });
    const byEmail = await api(server, "GET", `/api/v1/people?q=${encodeURIComponent("viewer@")}`, undefined, as("responder"));
    expect(byEmail.json.people.map((p: { id: string }) => p.id)).toEqual([people.viewer.id]);
    const all = await api(server, "GET", "/api/v1/people?q=test&limit=2");
    expect(all.json.people).toHaveLength(2);
    expect((await api(server, "GET", "/api/v1/people?q=test", undefined, as("anonymous"))).status).toBe(401);
  });

  it("offers the owner names in use for people without an account, once each", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Vendor outage", severity: "SEV3" })).json;
    for (const owner of ["Quinn Outside", "QUINN  outside"]) {
      expect((await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "Ask the vendor", owner })).status).toBe(201);
    }
    const res = await api(server, "GET", "/api/v1/people?q=quinn%20o", undefined, as("viewer"));
    expect(res.status).toBe(200);
    expect(res.json.people).toEqual([]);
    expect(res.json.names).toHaveLength(1);
    expect(res.json.names[0].toLowerCase().replace(/\s+/g, " ")).toBe("quinn outside");
  });

  it("answers bad parameters with a 422 naming them", async () => {
    for (const [query, path] of [
      ["", "q"],
      ["q=", "q"],
      [`q=${"x".repeat(101)}`, "q"],
      ["q=a&limit=21", "limit"],
      ["q=a&limit=abc", "limit"],
      ["q=a&role=admin", "role"],
    ] as const) {
      const res = await api(server, "GET", `/api/v1/people?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path), query).toContain(path);
    }
  });
});

describe("incident roles", () => {
  it("reads every role, assigns one by account in one request, and records it in the timeline and audit", async () => {
    const before = await api(server, "GET", rolesPath(), undefined, as("viewer"));
    expect(before.status).toBe(200);
    expect(before.json.roles.map((r: { key: string }) => r.key).slice(0, 3)).toEqual(["commander", "scribe", "communications"]);

    const put = await api(server, "PUT", `${rolesPath()}/commander`, { userId: people.responder.id }, as("responder"));
    expect(put.status, put.text).toBe(200);
    const commander = put.json.roles.find((r: { key: string }) => r.key === "commander");
    expect(commander.holder).toMatchObject({ userId: people.responder.id, name: people.responder.name });
    expect(put.json.version).toBeGreaterThan(before.json.version);

    const events = await api(server, "GET", `/api/v1/incidents/${incident.id}/events`);
    expect(events.json.events.map((e: { body: string }) => e.body)).toContain(`${people.responder.name} is now Commander.`);
    const audit = await api(server, "GET", `/api/v1/incidents/${incident.id}/audit`);
    expect(audit.json.entries.map((a: { action: string }) => a.action)).toContain("assign_role");

    const unassign = await api(server, "DELETE", `${rolesPath()}/commander`, undefined, as("responder"));
    expect(unassign.json.roles.find((r: { key: string }) => r.key === "commander").holder).toBeNull();
  });

  it("names someone without an account; a name or email of exactly one account links to it", async () => {
    const vendor = await api(server, "PUT", `${rolesPath()}/communications`, { name: "Dana (vendor PR)" });
    expect(vendor.json.roles.find((r: { key: string }) => r.key === "communications").holder).toMatchObject({ userId: null, name: "Dana (vendor PR)" });
    const email = await api(server, "PUT", `${rolesPath()}/scribe`, { name: people.viewer.email.toUpperCase() });
    expect(email.json.roles.find((r: { key: string }) => r.key === "scribe").holder).toMatchObject({ userId: people.viewer.id, name: people.viewer.name });
  });

  it("refuses viewers (403), strangers (401), unknown incidents and roles (404)", async () => {
    expect((await api(server, "PUT", `${rolesPath()}/commander`, { userId: people.viewer.id }, as("viewer"))).status).toBe(403);
    expect((await api(server, "DELETE", `${rolesPath()}/scribe`, undefined, as("viewer"))).status).toBe(403);
    expect((await api(server, "PUT", `${rolesPath()}/commander`, { userId: people.viewer.id }, as("anonymous"))).status).toBe(401);
    expect((await api(server, "GET", rolesPath(), undefined, as("anonymous"))).status).toBe(401);
    expect((await api(server, "PUT", `${rolesPath(randomUUID())}/commander`, { name: "A" })).status).toBe(404);
    expect((await api(server, "PUT", `${rolesPath("INC-1")}/commander`, { name: "A" })).status).toBe(404);
    expect((await api(server, "PUT", `${rolesPath()}/pilot`, { name: "A" })).status).toBe(404);
    expect((await api(server, "PUT", `${rolesPath()}/${encodeURIComponent("COMMANDER")}`, { name: "A" })).status).toBe(404);
    expect((await api(server, "GET", rolesPath(randomUUID()))).status).toBe(404);
    // The viewer's attempt changed nothing.
    const now = await api(server, "GET", rolesPath());
    expect(now.json.roles.find((r: { key: string }) => r.key === "scribe").holder?.userId).toBe(people.viewer.id);
  });

  it("answers bad bodies with a 4xx naming the field, never a 500", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{}, 422, "userId"],
      [{ userId: "nope" }, 422, "userId"],
      [{ userId: randomUUID() }, 422, "userId"],
      [{ name: "" }, 422, "name"],
      [{ name: "x".repeat(101) }, 422, "name"],
      [{ name: "a\u0000b" }, 422, "name"],
      [{ name: 42 }, 422, "name"],
      [{ name: "A", userId: people.viewer.id }, 422, "name"],
      [{ name: "A", role: "admin" }, 422, "role"],
      [[], 422, "(body)"],
    ];
    for (const [body, status, path] of cases) {
      const res = await api(server, "PUT", `${rolesPath()}/commander`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    const notJson = await api(server, "PUT", `${rolesPath()}/commander`, "{nope");
    expect(notJson.status).toBe(400);
    const big = await api(server, "PUT", `${rolesPath()}/commander`, JSON.stringify({ name: "x".repeat(2_000_000) }));
    expect(big.status).toBe(413);
  });

  it("refuses a deactivated account by id", async () => {
    const made = await api(server, "POST", "/api/v1/users", { email: `gone-${randomUUID().slice(0, 6)}@debrief.test`, name: "Gone Gail", password: "a long enough password", role: "responder" });
    await api(server, "POST", `/api/v1/users/${made.json.id}/deactivate`);
    const res = await api(server, "PUT", `${rolesPath()}/commander`, { userId: made.json.id });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("userId");
    expect((await api(server, "GET", "/api/v1/people?q=gone%20gail")).json.people).toEqual([]);
  });

  it("sends every change to live viewers as a roles frame", async () => {
    const stream = await openStream(`${server.url}/api/v1/incidents/${incident.id}/events/stream`, as("viewer"));
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor("event: roles");
      await api(server, "PUT", `${rolesPath()}/commander`, { userId: people.admin.id }, as("responder"));
      await stream.waitFor(`"name":"${people.admin.name}"`);
      await stream.waitFor(`${people.admin.name} is now Commander`);
    } finally {
      stream.close();
    }
  });

  it("no longer takes commander or scribe on the incident itself", async () => {
    const res = await api(server, "PATCH", `/api/v1/incidents/${incident.id}`, { version: 1, commander: "Someone" });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("commander");
  });
});

describe("custom roles", () => {
  it("admins add, rename and remove; others may only read", async () => {
    expect((await api(server, "POST", "/api/v1/incident-roles", { name: "Customer liaison" }, as("responder"))).status).toBe(403);
    const made = await api(server, "POST", "/api/v1/incident-roles", { name: "Customer liaison", description: "Talks to the affected customers." });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ key: "customer-liaison", builtIn: false });
    const dup = await api(server, "POST", "/api/v1/incident-roles", { name: "customer LIAISON" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.issues[0].path).toBe("name");
    const list = await api(server, "GET", "/api/v1/incident-roles", undefined, as("viewer"));
    expect(list.json.roles.map((r: { key: string }) => r.key)).toContain("customer-liaison");

    const assigned = await api(server, "PUT", `${rolesPath()}/customer-liaison`, { userId: people.responder.id });
    expect(assigned.status).toBe(200);
    expect((await api(server, "PATCH", "/api/v1/incident-roles/customer-liaison", { name: "Customer lead" }, as("responder"))).status).toBe(403);
    const renamed = await api(server, "PATCH", "/api/v1/incident-roles/customer-liaison", { name: "Customer lead" });
    expect(renamed.json).toMatchObject({ key: "customer-liaison", name: "Customer lead" });
    expect((await api(server, "DELETE", "/api/v1/incident-roles/commander")).status).toBe(409);
    expect((await api(server, "DELETE", "/api/v1/incident-roles/customer-liaison", undefined, as("responder"))).status).toBe(403);
    expect((await api(server, "DELETE", "/api/v1/incident-roles/customer-liaison")).status).toBe(200);
    expect((await api(server, "DELETE", "/api/v1/incident-roles/customer-liaison")).status).toBe(404);
    // Held here: still shown, never given again.
    const roles = await api(server, "GET", rolesPath());
    expect(roles.json.roles.find((r: { key: string }) => r.key === "customer-liaison")).toMatchObject({ archived: true, name: "Customer lead" });
    expect((await api(server, "PUT", `${rolesPath()}/customer-liaison`, { userId: people.admin.id })).status).toBe(409);
  });

  it("checks role names and descriptions, naming the field", async () => {
    for (const [body, path] of [
      [{}, "name"],
      [{ name: "x".repeat(51) }, "name"],
      [{ name: "two\nlines" }, "name"],
      [{ name: "Ok", description: "d".repeat(301) }, "description"],
      [{ name: "Ok", builtIn: true }, "builtIn"],
    ] as const) {
      const res = await api(server, "POST", "/api/v1/incident-roles", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect((await api(server, "PATCH", "/api/v1/incident-roles/scribe", {})).status).toBe(422);
    expect((await api(server, "PATCH", "/api/v1/incident-roles/..%2F..", { name: "x" })).status).toBe(404);
  });
});

describe("action-item owners as people", () => {
  it("takes an account by id and shows its name; refuses unknown ids and both fields at once", async () => {
    const created = await api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, { title: "Add a retry budget", ownerId: people.responder.id });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ owner: people.responder.name, ownerId: people.responder.id });
    for (const body of [{ title: "x", ownerId: randomUUID() }, { title: "x", ownerId: "abc" }, { title: "x", owner: "A", ownerId: people.admin.id }]) {
      const res = await api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain("ownerId");
    }
  });

  it("filters owners ignoring case, by account, and 'mine' for a signed-in person", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Owner filters", severity: "SEV3" })).json;
    const add = (body: Record<string, unknown>) => api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, body);
    await add({ title: "free 1", owner: "Vendor Val" });
    await add({ title: "free 2", owner: "VENDOR  val" });
    await add({ title: "resp", ownerId: people.responder.id });
    const titles = async (query: string, headers = {}) =>
      (await api(server, "GET", `/api/v1/action-items?incident=${inc.id}&sort=title&${query}`, undefined, headers)).json.items.map((i: { title: string }) => i.title);
    expect(await titles("owner=vendor%20val")).toEqual(["free 1", "free 2"]);
    expect(await titles(`ownerId=${people.responder.id}`)).toEqual(["resp"]);
    expect(await titles(`owner=${encodeURIComponent(people.responder.email)}`)).toEqual(["resp"]);

    const session = await signInOverHttp(server, server.users.responder.email, server.users.responder.password);
    const mine = await asSession(server, session, "GET", `/api/v1/action-items?incident=${inc.id}&mine=true`);
    expect(mine.json.items.map((i: { title: string }) => i.title)).toEqual(["resp"]);
    // The seeded keys are service keys: they own nothing.
    const service = await api(server, "GET", "/api/v1/action-items?mine=true");
    expect(service.status).toBe(422);
    expect(service.json.error.issues[0].path).toBe("mine");
  });

  it("exports a linked owner by the person's name", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Export owners", severity: "SEV2" })).json;
    await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "Page on 5xx ratio", ownerId: people.admin.id });
    const md = await fetch(`${server.url}/api/v1/incidents/${inc.id}/postmortem.md?template=sre`, { headers: as("admin") });
    const text = await md.text();
    expect(text).toContain(`| Page on 5xx ratio | Prevent | ${people.admin.name} | Open |`);
    const csv = await fetch(`${server.url}/api/v1/action-items/export.csv?incident=${inc.id}`, { headers: as("admin") });
    expect(await csv.text()).toContain(people.admin.name);
  });
});

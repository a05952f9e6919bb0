import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_RULES, UNRULED_ROUTE_FILES, type Rule } from "@/lib/auth/permissions";
import { roleFor } from "@/lib/auth/capabilities";
import { api, startTestServer, type TestServer } from "../support/server";

// Every API route, for anonymous, viewer, responder and admin, built from the
// one rules table. A route file whose method has no rule fails here.

const root = path.resolve(__dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

/** "METHOD /api/…" for each handler a route file exports. */
function declaredRoutes(): string[] {
  return routeFiles(path.join(root, "app/api"))
    .filter((file) => !UNRULED_ROUTE_FILES.includes(path.relative(root, file)))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      const url = "/" + path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/");
      return METHODS.filter((m) => new RegExp(`export (const|async function) ${m}\\b|as ${m}\\b`).test(source)).map((m) => `${m} ${url}`);
    });
}

const RANK = { anonymous: -1, viewer: 0, responder: 1, admin: 2 } as const;
/** The rank a rule needs; a route on one account is called here on someone else's (a throwaway user's). */
const needs = (rule: Exclude<Rule, "public">): number => RANK[roleFor(typeof rule === "object" ? rule.others : rule)];
type Who = keyof typeof RANK;

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const incident = await api(server, "POST", "/api/v1/incidents", { title: "Matrix", severity: "SEV3" });
  ids.id = incident.json.id;
  const event = await api(server, "POST", `/api/v1/incidents/${ids.id}/events`, { body: "matrix entry" });
  ids.eventId = event.json.id;
  const item = await api(server, "POST", `/api/v1/incidents/${ids.id}/action-items`, { title: "Matrix item" });
  ids.actionItemId = item.json.id;
});

afterAll(async () => {
  await server?.dispose();
});

/** A concrete URL for a rule key; destructive admin routes get throwaway targets. */
async function concretePath(key: string): Promise<string> {
  const url = key.split(" ")[1] ?? "";
  if (url.startsWith("/api/v1/users/[id]")) {
    const n = Math.random().toString(36).slice(2, 8);
    const user = await api(server, "POST", "/api/v1/users", { email: `u${n}@debrief.test`, name: `U ${n}`, password: "a long enough password", role: "viewer" });
    return url.replace("[id]", user.json.id);
  }
  if (url.startsWith("/api/v1/api-keys/[id]")) {
    const key = await api(server, "POST", "/api/v1/api-keys", { name: "throwaway", role: "viewer" });
    return url.replace("[id]", key.json.apiKey.id);
  }
  if (url.startsWith("/api/v1/incident-roles/[key]")) {
    const role = await api(server, "POST", "/api/v1/incident-roles", { name: `Throwaway ${Math.random().toString(36).slice(2, 8)}` });
    return url.replace("[key]", role.json.key);
  }
  if (key === "DELETE /api/v1/incidents/[id]") {
    const incident = await api(server, "POST", "/api/v1/incidents", { title: "Throwaway", severity: "SEV4" });
    return url.replace("[id]", incident.json.id);
  }
  const actionItemId = ids.actionItemId ?? "";
  return url
    .replace("/action-items/[id]", `/action-items/${actionItemId}`)
    .replace("[id]", ids.id ?? "")
    .replace("[eventId]", ids.eventId ?? "")
    .replace("[role]", "commander");
}

async function statusFor(key: string, who: Who): Promise<number> {
  const [method = "GET"] = key.split(" ");
  const url = await concretePath(key);
  const headers: Record<string, string> = { authorization: who === "anonymous" ? "" : `Bearer ${server.keys[who]}` };
  if (url.endsWith("/stream")) {
    // The stream stays open; its status line is all this test needs.
    const controller = new AbortController();
    const init: RequestInit = { signal: controller.signal, headers: who === "anonymous" ? {} : { authorization: headers.authorization ?? "" } };
    const res = await fetch(`${server.url}${url}`, init);
    controller.abort();
    return res.status;
  }
  const body = method === "GET" || method === "DELETE" ? undefined : {};
  return (await api(server, method, url, body, headers)).status;
}

describe("authorization matrix", () => {
  it("has a rule for every API route, and no rule without a route", () => {
    const declared = declaredRoutes().sort();
    const ruled = Object.keys(API_RULES).sort();
    expect(declared.filter((k) => !ruled.includes(k)), "routes without a rule").toEqual([]);
    expect(ruled.filter((k) => !declared.includes(k)), "rules without a route").toEqual([]);
  });

  const cases = Object.entries(API_RULES).flatMap(([key, rule]) =>
    (Object.keys(RANK) as Who[]).map((who) => ({ key, rule: rule as Rule, who })),
  );

  it.each(cases)("$key as $who ($rule)", async ({ key, rule, who }) => {
    const status = await statusFor(key, who);
    if (rule === "public") {
      expect([401, 403]).not.toContain(status);
    } else if (who === "anonymous") {
      expect(status).toBe(401);
    } else if (RANK[who] < needs(rule)) {
      expect(status).toBe(403);
    } else {
      expect([401, 403, 500]).not.toContain(status);
    }
  });
});

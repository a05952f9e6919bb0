import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { api, startTestServer, type TestServer } from "../support/server";

// The production server keeps DEBRIEF_STATUS_DIR in step with public
// changes made over the API, and runs DEBRIEF_STATUS_COMMAND after each
// rebuild. Only generous deadlines: the test polls the folder.

let server: TestServer;
let root: string;
let site: string;
let pushed: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "debrief-status-api-"));
  site = path.join(root, "site");
  pushed = path.join(root, "pushed");
  server = await startTestServer({
    env: {
      DEBRIEF_STATUS_DIR: site,
      // Copies the site elsewhere, as rsync or rclone would; the folder comes as $1.
      DEBRIEF_STATUS_COMMAND: `rm -rf "$PUSH_TO" && cp -R "$1" "$PUSH_TO"`,
      PUSH_TO: pushed,
      DEBRIEF_STATUS_TITLE: "API status",
    },
  });
});

afterAll(async () => {
  await server?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

async function waitFor(what: string, check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}\n${server.output().slice(-2_000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the status site while serving", () => {
  it("is rewritten within seconds of public changes, and the command pushes it", async () => {
    await waitFor("the first build", () => read(path.join(site, "index.html")).includes("API status"));
    const created = await api(server, "POST", "/api/v1/incidents", { title: "Payments declined", severity: "SEV1", services: ["Payments"] });
    expect(created.status).toBe(201);
    const inc = created.json as { id: string; number: number; version: number };
    const page = () => read(path.join(site, `incidents/INC-${inc.number}.html`));
    const index = () => read(path.join(site, "index.html"));

    const internal = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "api-internal-marker card processor 5xx" });
    expect(internal.status).toBe(201);
    const pub = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "api-public-marker Some payments fail.", visibility: "public", statusLabel: "Investigating" });
    expect(pub.status).toBe(201);
    await waitFor("the public entry on the front page", () => index().includes("api-public-marker"));
    expect(index()).toMatch(/Payments<\/span><span class="state state-outage">/);
    expect(page()).toContain("Investigating");
    await waitFor("the command's copy", () => read(path.join(pushed, "index.html")).includes("api-public-marker"));

    const edited = await api(server, "PATCH", `/api/v1/incidents/${inc.id}/events/${pub.json.id}`, { version: pub.json.version, body: "api-edited-marker Payments recover." });
    expect(edited.status).toBe(200);
    await waitFor("the edit", () => page().includes("api-edited-marker") && !page().includes("api-public-marker"));

    const status = await api(server, "PATCH", `/api/v1/incidents/${inc.id}`, { version: inc.version, status: "monitoring" });
    expect(status.status).toBe(200);
    await waitFor("the status change", () => page().includes("<dd>Monitoring</dd>"));
    expect(index()).toMatch(/Payments<\/span><span class="state state-degraded">/);

    const pm = await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`);
    const saved = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, { version: pm.json.version, sections: { summary: "api-postmortem-marker A certificate expired." } });
    expect(saved.status).toBe(200);
    for (const to of ["in_review", "published"]) expect((await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: to })).status).toBe(200);
    await waitFor("the published postmortem", () => page().includes("api-postmortem-marker"));
    expect((await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: "in_review" })).status).toBe(200);
    await waitFor("the unpublished postmortem", () => page() !== "" && !page().includes("api-postmortem-marker"));

    const hidden = await api(server, "PATCH", `/api/v1/incidents/${inc.id}/events/${pub.json.id}`, { version: edited.json.version, visibility: "internal" });
    expect(hidden.status).toBe(200);
    await waitFor("the incident leaving the site", () => !existsSync(path.join(site, `incidents/INC-${inc.number}.html`)) && !index().includes("Payments declined"));
    await waitFor("the command's copy without it", () => read(path.join(pushed, "index.html")) !== "" && !read(path.join(pushed, "index.html")).includes("Payments declined"));

    for (const file of [path.join(site, "index.html"), path.join(site, "status.json"), path.join(site, "feed.atom")]) {
      expect(read(file), file).not.toContain("api-internal-marker");
    }
  });

  it("takes visibility through the existing rules: checked values, and viewers cannot post", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Rules", severity: "SEV3" })).json as { id: string };
    const bad = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "x", visibility: "everyone" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("visibility");
    const viewer = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "viewer-public-marker", visibility: "public" }, { authorization: `Bearer ${server.keys.viewer}` });
    expect(viewer.status).toBe(403);
  });
});

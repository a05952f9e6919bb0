import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { rawUpdate } from "../support/raw-db";
import { api, authedFetch, startTestServer, type TestServer } from "../support/server";

// Markdown work runs off the request thread: while a pathological document
// is imported, saved or exported, the same server answers health checks and
// commits timeline writes, and the Markdown request ends in a 422 naming its
// input. Ordering is proved (which response came first), never milliseconds.
// Short limits keep the file quick; the defaults are longer.

let server: TestServer;
const LIMIT_MS = 3000;
// remark spends many seconds on each of these, then overflows its stack.
const QUOTES_100KB = ">".repeat(100_000);
const RUNS = "*_`[".repeat(12_500); // 50,000 characters, a section's maximum

beforeAll(async () => {
  server = await startTestServer({
    env: {
      DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS: String(LIMIT_MS),
      DEBRIEF_MARKDOWN_EXPORT_LIMIT_MS: String(LIMIT_MS),
      // Half: the export limit is never below twice the save limit.
      DEBRIEF_MARKDOWN_SAVE_LIMIT_MS: String(LIMIT_MS / 2),
    },
  });
});

afterAll(async () => {
  await server?.dispose();
});

async function newIncident(title = "Checkout down on March 3, 2026") {
  const res = await api(server, "POST", "/api/v1/incidents", { title, severity: "SEV1", startedAt: "2026-03-03T09:12:00Z" });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; number: number };
}

type Answer = { status: number; json: any };

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}

/**
 * Send the Markdown request, give it a moment to reach the server, then ask
 * for health, write a timeline entry and read it back: all three must be
 * answered before the Markdown request is. Then the server is still healthy.
 */
async function whileInFlight(send: () => Promise<Response>): Promise<Answer> {
  const order: string[] = [];
  const writeTo = await newIncident("Incident written to meanwhile");
  const markdown = send()
    .then(answer)
    .finally(() => order.push("markdown"));
  await new Promise((r) => setTimeout(r, 500));

  const health = await fetch(`${server.url}/api/health`);
  order.push("health");
  expect(health.status).toBe(200);
  const id = randomUUID();
  const written = await api(server, "POST", `/api/v1/incidents/${writeTo.id}/events`, { id, body: "Written while Markdown is processed" });
  expect(written.status, written.text).toBe(201);
  const readBack = await api(server, "GET", `/api/v1/incidents/${writeTo.id}/events`);
  expect(JSON.stringify(readBack.json)).toContain(id);
  order.push("timeline write");

  const result = await markdown;
  expect(order).toEqual(["health", "timeline write", "markdown"]);
  const after = await fetch(`${server.url}/api/health`);
  expect(after.status).toBe(200);
  return result;
}

function importText(text: string) {
  return authedFetch(server, "/api/v1/import/markdown", { method: "POST", body: text, headers: { "content-type": "text/markdown" } });
}

/** PUT the postmortem's `sections` at `version`. */
function saveSections(incidentId: string, version: number, sections: Record<string, string>) {
  return authedFetch(server, `/api/v1/incidents/${incidentId}/postmortem`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ version, sections }),
  });
}

describe("Markdown work runs off the request thread", () => {
  it("import: 100 KB of `>` — health and a timeline write are answered first; the import is a 422 naming the body", async () => {
    const result = await whileInFlight(() => importText(`# Quotes\n\n${QUOTES_100KB}\n`));
    expect(result.status).toBe(422);
    expect(result.json.error).toMatchObject({ code: "validation_failed", issues: [{ path: "(body)" }] });
    expect(result.json.error.message).toMatch(/^The Markdown is too complex to process as Markdown \((over 3 s|nested too deeply)\)/);
  });

  it("import: a run of `*_`[` — the same", async () => {
    const result = await whileInFlight(() => importText(`# Runs\n\n${RUNS}${RUNS}\n`));
    expect(result.status).toBe(422);
    expect(result.json.error.issues).toEqual([expect.objectContaining({ path: "(body)" })]);
  });

  it("save: 100 KB of `>` in two sections — answered after health and a timeline write; a 422 naming the section; nothing saved", async () => {
    const inc = await newIncident();
    const pm = await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`);
    const result = await whileInFlight(() => saveSections(inc.id, pm.json.version, { impact: QUOTES_100KB.slice(50_000), rootCause: QUOTES_100KB.slice(50_000) }));
    expect(result.status).toBe(422);
    expect(result.json.error.code).toBe("validation_failed");
    const paths: string[] = result.json.error.issues.map((i: { path: string }) => i.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(["sections.impact", "sections.rootCause"]).toContain(path);
    expect((await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`)).json.version).toBe(pm.json.version);
  });

  it("save: a section of `*_`[` runs — the same", async () => {
    const inc = await newIncident();
    const pm = await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`);
    const result = await whileInFlight(() => saveSections(inc.id, pm.json.version, { summary: "Fine.", wentWrong: RUNS }));
    expect(result.status).toBe(422);
    expect(result.json.error.issues).toEqual([expect.objectContaining({ path: "sections.wentWrong" })]);
  });

  it("export: ten heavy sections saved before saves were checked — a viewer's export is answered after health and a timeline write, with a 422", async () => {
    const inc = await newIncident();
    await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`);
    // Written straight into the database, as an older version would have let them be saved.
    const sections = ["summary", "impact", "rootCause", "trigger", "detection", "resolution", "wentWell", "wentWrong", "gotLucky", "closing"];
    const changed = await rawUpdate(server.databaseUrl, "Postmortem", Object.fromEntries(sections.map((k) => [k, RUNS])), { incidentId: inc.id });
    expect(changed).toBe(1);
    const result = await whileInFlight(() => authedFetch(server, `/api/v1/incidents/${inc.id}/postmortem.md?template=sre`, {}, "viewer"));
    expect(result.status).toBe(422);
    expect(result.json.error).toMatchObject({ code: "validation_failed", issues: [{ path: "postmortem" }] });
    expect(result.json.error.message).toMatch(/^This postmortem is too complex to process as Markdown/);
  });

  it("one client's flood: four jobs are taken, the rest answered at once with 429; the server stays healthy", async () => {
    const flood = await Promise.all(Array.from({ length: 6 }, () => importText(`# Quotes\n\n${QUOTES_100KB}\n`).then(answer)));
    const statuses = flood.map((r) => r.status).sort();
    expect(statuses).toEqual([422, 422, 422, 422, 429, 429]);
    const refused = flood.find((r) => r.status === 429);
    expect(refused?.json.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Markdown jobs running or waiting/) });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // And Markdown work goes on: a small import after the flood is created.
    const ok = await importText("# After the flood on March 3, 2026\n\nAll good.\n").then(answer);
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
  }, 60_000);
});

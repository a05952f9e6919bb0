import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { api, startTestServer, type TestServer, authedFetch } from "../support/server";
import { jsonOrUndefined } from "../support/json-body";

let server: TestServer;
const example = readFileSync(path.resolve(__dirname, "../fixtures/postmortem/cloudflare-example.md"), "utf8");

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function newIncident(title = "Checkout down on March 3, 2026") {
  const res = await api(server, "POST", "/api/v1/incidents", { title, severity: "SEV1", startedAt: "2026-03-03T09:12:00Z" });
  expect(res.status).toBe(201);
  return res.json as { id: string; number: number };
}

async function importMarkdown(text: string | Blob, type = "text/markdown; charset=utf-8", query = "") {
  const res = await authedFetch(server, `/api/v1/import/markdown${query}`, { method: "POST", body: text, headers: { "content-type": type } });
  return { status: res.status, json: jsonOrUndefined(await res.text()) };
}

async function incidentCount(): Promise<number> {
  return (await api(server, "GET", "/api/v1/incidents?limit=200")).json.incidents.length;
}

describe("GET/PUT /api/v1/incidents/{id}/postmortem", () => {
  it("reads an empty postmortem, saves with version, and answers a stale save with 409 and the current one", async () => {
    const inc = await newIncident();
    const first = await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`);
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(1);
    const saved = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, {
      version: 1,
      sections: { summary: "Checkout failed for 2 hours.", rootCause: "Missing intermediate." },
      impactedServices: [{ service: "Checkout API", impact: "38% errors" }],
    });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBe(2);
    const stale = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, { version: 1, sections: { summary: "lost" } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("conflict");
    expect(stale.json.error.current.sections.summary).toBe("Checkout failed for 2 hours.");
  });

  it("answers bad input with 4xx naming the field", async () => {
    const inc = await newIncident();
    const cases: [unknown, number, string][] = [
      [{ sections: {} }, 422, "version"],
      [{ version: 1, sections: { summary: "x".repeat(100_001) } }, 422, "sections.summary"],
      [{ version: 1, sections: { nonsense: "x" } }, 422, "sections.nonsense"],
      [{ version: 1, contributingFactors: [{ title: "t", category: "weather" }] }, 422, "contributingFactors.0.category"],
      [{ version: 1, impactedServices: [{ service: "" }] }, 422, "impactedServices.0.service"],
    ];
    for (const [body, status, field] of cases) {
      const res = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect((await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, "{not json")).status).toBe(400);
    expect((await api(server, "GET", `/api/v1/incidents/not-a-uuid/postmortem`)).status).toBe(404);
  });

  it("moves the status draft → in_review → published, refusing a skipped step", async () => {
    const inc = await newIncident();
    expect((await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: "published" })).status).toBe(409);
    const review = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: "in_review" });
    expect(review.json.postmortemStatus).toBe("in_review");
    expect((await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: "bogus" })).status).toBe(422);
  });
});

describe("GET /api/v1/incidents/{id}/postmortem.md", () => {
  it("serves the Markdown as a download, in both templates, with or without front matter", async () => {
    const inc = await newIncident();
    await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "First 503s | everywhere", milestone: "impact_start", occurredAt: "2026-03-03T09:12:00Z" });
    const res = await authedFetch(server, `/api/v1/incidents/${inc.id}/postmortem.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="INC-${inc.number}-postmortem.md"`);
    const text = await res.text();
    expect(text).toMatch(/^---\nincident: INC-\d+\n/);
    expect(text).toContain("| 09:12 | Impact starts. | First 503s \\| everywhere |");
    const again = await (await authedFetch(server, `/api/v1/incidents/${inc.id}/postmortem.md`)).text();
    expect(again).toBe(text);
    const sre = await authedFetch(server, `/api/v1/incidents/${inc.id}/postmortem.md?template=sre&frontMatter=false`);
    expect(sre.headers.get("content-disposition")).toContain(`INC-${inc.number}-postmortem-sre.md`);
    expect(await sre.text()).toMatch(/^# Checkout down.*\n\n## Summary\n/);
    const bad = await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem.md?template=word`);
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("template");
  });
});

describe("POST /api/v1/import/markdown", () => {
  it("imports the Cloudflare-style example, and export → import → export gives the same bytes", async () => {
    const created = await importMarkdown(example);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ title: "Checkout outage on March 3, 2026", severity: "SEV1" });
    const events = await api(server, "GET", `/api/v1/incidents/${created.json.id}/events`);
    expect(events.json.events).toHaveLength(6);
    const first = await (await authedFetch(server, `/api/v1/incidents/${created.json.id}/postmortem.md?frontMatter=false`)).text();
    const again = await importMarkdown(first);
    expect(again.status).toBe(201);
    const second = await (await authedFetch(server, `/api/v1/incidents/${again.json.id}/postmortem.md?frontMatter=false`)).text();
    expect(second).toBe(first);
  });

  it("refuses oversized input with 413 and garbage with 422, leaving nothing behind", async () => {
    const before = await incidentCount();
    const big = `# Big\n\n${"x".repeat(2 * 1024 * 1024)}`;
    expect((await importMarkdown(big)).status).toBe(413);
    const garbage = await importMarkdown("no title at all\n\njust words");
    expect(garbage.status).toBe(422);
    expect(garbage.json.error.issues[0].path).toBe("title");
    const noDate = await importMarkdown("# T\n\n## Timeline\n\n- 10:00 - ok\n");
    expect(noDate.status).toBe(422);
    expect(noDate.json.error.issues[0].path).toBe("date");
    for (const [query, field] of [["dryRun=maybe", "dryRun"], ["severity=SEV9", "severity"], ["date=2026-02-30", "date"], ["title=", "title"], ["color=red", "color"]]) {
      const res = await importMarkdown(example, "text/markdown", `?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect((await importMarkdown(new Blob([Buffer.from([0x23, 0x20, 0xff, 0xfe])]))).status).toBe(400);
    expect((await importMarkdown("", "text/markdown")).status).toBe(422);
    expect((await importMarkdown("# T", "application/json")).status).toBe(415);
    expect(await incidentCount()).toBe(before);
  });

  it("?dryRun=1 answers 200 with what would be created and writes nothing; choices override the document", async () => {
    const before = await incidentCount();
    const text = readFileSync(path.resolve(__dirname, "../fixtures/postmortems/real/chia-proxy-abuse-2022-06-28.md"), "utf8");
    const dry = await importMarkdown(text, "text/markdown", "?dryRun=1");
    expect(dry.status).toBe(200);
    expect(dry.json.incident).toMatchObject({ title: "Data Layer Testing Proxy Abuse Report", severity: "SEV2", severitySource: "default", startedAt: "2022-06-27T20:47:00.000Z" });
    // "20:28 PST" on 28 June is Pacific daylight time: 03:28 UTC on the 29th, as the report's nginx log shows.
    expect(dry.json.timeline[2]).toMatchObject({ written: "Jun 28 20:28", occurredAt: "2022-06-29T03:28:00.000Z", zone: "PST → America/Los_Angeles" });
    expect(dry.json.timelineTotal).toBe(16);
    expect(dry.json.sections.map((s: { title: string }) => s.title)).toContain("Involved Parties");
    expect(dry.json.warnings).toContain("No severity stated: SEV2 assumed; change it if it does not fit");
    expect(await incidentCount()).toBe(before);
    const noZone = await importMarkdown("# T on 2026-03-03\n\n## Timeline\n\n- 10:00 - ok\n", "text/markdown", "?dryRun=1");
    expect(noZone.json.warnings).toContain("No time zone stated: times read as UTC");
    const chosen = await importMarkdown(text, "text/markdown", "?severity=SEV1&title=Proxy%20abuse%20report");
    expect(chosen.status).toBe(201);
    expect(chosen.json).toMatchObject({ title: "Proxy abuse report", severity: "SEV1" });
    expect(await incidentCount()).toBe(before + 1);
  });

  it("imports Cloudflare's own 18 Nov 2025 postmortem with its nine timeline rows, impact table and remediation list", async () => {
    const text = readFileSync(path.resolve(__dirname, "../fixtures/postmortems/real/cloudflare-2025-11-18.md"), "utf8");
    const created = await importMarkdown(text);
    expect(created.status).toBe(201);
    const events = (await api(server, "GET", `/api/v1/incidents/${created.json.id}/events`)).json.events;
    expect(events).toHaveLength(9);
    expect(events[4].statusLabel).toBe("Work focused on rollback of the Bot Management configuration file to a last-known-good version.");
    const markdown = await (await authedFetch(server, `/api/v1/incidents/${created.json.id}/postmortem.md?frontMatter=false`)).text();
    expect(markdown).toContain("| Service / Product | Impact description |");
    expect(markdown).toContain("In particular we are:\n\n- Hardening ingestion of Cloudflare-generated configuration files in the same way we would for user-generated input\n");
    expect(markdown).toContain("| 13:37 | Work focused on rollback of the Bot Management configuration file to a last-known-good version. |");
    const items = (await api(server, "GET", `/api/v1/incidents/${created.json.id}/action-items`)).json;
    expect((items.items ?? items).length).toBe(4);
  });

  it("imports every document of the corpus of real postmortems (201)", async () => {
    const dir = path.resolve(__dirname, "../fixtures/postmortems/real");
    for (const file of readdirSync(dir)) {
      const res = await importMarkdown(readFileSync(path.join(dir, file), "utf8"));
      expect(res.status, `${file}: ${JSON.stringify(res.json?.error ?? "")}`).toBe(201);
    }
  });
});

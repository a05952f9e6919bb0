// Health checks and timeline writes while pathological Markdown is processed.
// The production server on a temporary SQLite database; one probe asks for
// GET /api/health and posts a timeline entry, one after the other, and times
// each. First on an idle server, then while clients keep the Markdown worker
// pool busy with one kind of document at a time:
//   - 100 KB of `>` imported;
//   - 100 KB of `*_\`[` runs imported;
//   - postmortem saves with two 50,000-character sections of `>`;
//   - a valid 1.4 MB postmortem imported (10,000+ timeline rows);
//   - a viewer exporting a postmortem with ten heavy sections (stored
//     straight into the database, as saves before the whole-document check
//     could have left them).
// Each line prints p50/p95 beside the idle figures; the target is p95 under
// 100 ms for both while Markdown is processed.
//
//   npm run bench                                               (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/markdown-load.ts   (alone; needs `next build`)
import { randomUUID } from "node:crypto";
import http from "node:http";
import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { exportPostmortemMarkdown } from "../../lib/postmortem/markdown/export";
import { SECTION_KEYS } from "../../lib/postmortem/document";
import { sqliteFile } from "../../lib/db/url";
import { startTestServer, type TestServer } from "../../test/support/server";
import { createTempDatabase } from "../../test/support/temp-db";
import { largeDocument } from "./postmortem";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { runStandalone } from "./standalone";

const PHASE_MS = 12_000;
const PROBE_PAUSE_MS = 25;
/** Markdown clients per phase: one job running, one waiting (a single worker on two cores). */
const LOAD_CLIENTS = 2;
const TARGET_P95_MS = 100;

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(url: string, opts: { method?: string; key?: string; body?: string; type?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    if (opts.body !== undefined) {
      headers["content-type"] = opts.type ?? "application/json";
      headers["content-length"] = Buffer.byteLength(opts.body);
    }
    const req = http.request(url, { method: opts.method ?? "GET", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

type Probe = { health: number[]; write: number[]; failures: number };

/** Health, then a timeline write, again and again until `until`; each timed on its own. */
async function probe(server: TestServer, incidentId: string, until: () => boolean): Promise<Probe> {
  const result: Probe = { health: [], write: [], failures: 0 };
  while (!until()) {
    let t0 = performance.now();
    const health = await request(`${server.url}/api/health`, {}).catch(() => 0);
    result.health.push(performance.now() - t0);
    t0 = performance.now();
    const write = await request(`${server.url}/api/v1/incidents/${incidentId}/events`, {
      method: "POST",
      key: server.keys.responder,
      body: JSON.stringify({ id: randomUUID(), body: "probe: checkout 503s rising" }),
    }).catch(() => 0);
    result.write.push(performance.now() - t0);
    if (health !== 200 || write !== 201) result.failures++;
    await new Promise((r) => setTimeout(r, PROBE_PAUSE_MS));
  }
  return result;
}

type Load = { name: string; send: (client: number) => Promise<number> };

/** Run the load's clients for one phase while probing; wait for their last jobs (not probed) before the next phase. */
async function phase(server: TestServer, incidentId: string, load: Load | null) {
  const ends = Date.now() + PHASE_MS;
  const done = () => Date.now() >= ends;
  const statuses = new Map<number, number>();
  const clients = load
    ? Array.from({ length: LOAD_CLIENTS }, async (_, client) => {
        while (!done()) {
          // A dropped connection is counted (as status 0), not fatal to the run.
          const status = await load.send(client).catch(() => 0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      })
    : [];
  // The first jobs are handed to the worker before probing starts.
  if (load) await new Promise((r) => setTimeout(r, 300));
  const probed = await probe(server, incidentId, done);
  await Promise.all(clients);
  return { probed, statuses };
}

function line(label: string, samples: number[], idle: number[]): string {
  const s = summarize(samples);
  const i = summarize(idle);
  return `${label.padEnd(14)} p50 ${fmt(s.p50).padStart(6)} ms  p95 ${fmt(s.p95).padStart(6)} ms  max ${fmt(s.max).padStart(7)} ms   | idle p50 ${fmt(i.p50)} ms  p95 ${fmt(i.p95)} ms  max ${fmt(i.max)} ms  (${fmtInt(s.n)} samples)`;
}

export async function benchMarkdownLoad(): Promise<void> {
  heading("Health and timeline writes while pathological Markdown is processed (worker pool)");
  const { url: databaseUrl, dir } = await createTempDatabase();
  const server = await startTestServer({ databaseUrl });
  try {
    const post = (path: string, body: unknown, key = server.keys.responder) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    const probeIncident = (await (await post("/api/v1/incidents", { title: "Probe incident", severity: "SEV2" })).json()) as { id: string };

    // Every load client has its own key, so one client's share (4 jobs) is never what limits it.
    const keys = [server.keys.responder, server.keys.admin];
    const keyOf = (client: number) => keys[client % keys.length] ?? server.keys.admin;
    const importText = (text: string) => (client: number) =>
      request(`${server.url}/api/v1/import/markdown`, { method: "POST", key: keyOf(client), body: text, type: "text/markdown" });

    const saveTarget = (await (await post("/api/v1/incidents", { title: "Save target", severity: "SEV2" })).json()) as { id: string };
    const pm = (await (await fetch(`${server.url}/api/v1/incidents/${saveTarget.id}/postmortem`, { headers: { authorization: `Bearer ${server.keys.responder}` } })).json()) as {
      version: number;
    };
    const quotes = ">".repeat(50_000);
    const saveBody = JSON.stringify({ version: pm.version, sections: { impact: quotes, rootCause: quotes } });

    const exportTarget = (await (await post("/api/v1/incidents", { title: "Export target", severity: "SEV2" })).json()) as { id: string };
    await fetch(`${server.url}/api/v1/incidents/${exportTarget.id}/postmortem`, { headers: { authorization: `Bearer ${server.keys.responder}` } });
    const raw = new Database(sqliteFile(databaseUrl), { timeout: 5000 });
    try {
      const runs = "*_`[".repeat(12_500);
      raw.prepare(`UPDATE Postmortem SET ${SECTION_KEYS.map((k) => `${k} = @text`).join(", ")} WHERE incidentId = @id`).run({ text: runs, id: exportTarget.id });
    } finally {
      raw.close();
    }

    // A valid postmortem of about 1.4 MB: our own export of a long incident.
    let entries = 10_000;
    let valid = exportPostmortemMarkdown(largeDocument(entries), { template: "cloudflare", frontMatter: true });
    while (valid.length < 1.4 * 1024 * 1024) {
      entries = Math.ceil((entries * 1.4 * 1024 * 1024) / valid.length) + 50;
      valid = exportPostmortemMarkdown(largeDocument(entries), { template: "cloudflare", frontMatter: true });
    }

    const loads: Load[] = [
      { name: "import of 100 KB of `>`", send: importText(`# Quotes\n\n${">".repeat(100_000)}\n`) },
      { name: "import of 100 KB of `*_`[` runs", send: importText(`# Runs\n\n${"*_`[".repeat(25_000)}\n`) },
      {
        name: "saves of two 50,000-character sections of `>`",
        send: (client) => request(`${server.url}/api/v1/incidents/${saveTarget.id}/postmortem`, { method: "PUT", key: keyOf(client), body: saveBody }),
      },
      { name: `import of a valid ${fmt(valid.length / 1024 / 1024, 2)} MB postmortem (${fmtInt(entries)} rows)`, send: importText(valid) },
      {
        name: "a viewer's export of ten heavy saved sections",
        send: () => request(`${server.url}/api/v1/incidents/${exportTarget.id}/postmortem.md`, { key: server.keys.viewer }),
      },
    ];

    // Warm the server (Next.js routes, Prisma, a Markdown worker) before measuring.
    await phase(server, probeIncident.id, null);
    const idle = await phase(server, probeIncident.id, null);
    console.log(line("idle health", idle.probed.health, idle.probed.health));
    console.log(line("idle write", idle.probed.write, idle.probed.write));
    let worst = 0;
    for (const load of loads) {
      const started = performance.now();
      const { probed, statuses } = await phase(server, probeIncident.id, load);
      const answers = [...statuses].map(([status, n]) => `${n}× ${status}`).join(", ");
      console.log(`while ${load.name} (answers: ${answers || "none yet"}; phase ${fmt((performance.now() - started) / 1000)} s):`);
      console.log(`  ${line("health", probed.health, idle.probed.health)}`);
      console.log(`  ${line("timeline write", probed.write, idle.probed.write)}`);
      if (probed.failures) console.log(`  probe failures: ${probed.failures}`);
      if (statuses.has(0)) console.log(`  dropped connections; the server said:\n${server.output().slice(-1500)}`);
      worst = Math.max(worst, summarize(probed.health).p95, summarize(probed.write).p95);
    }
    console.log(`worst p95 under Markdown load: ${fmt(worst)} ms — ${worst < TARGET_P95_MS ? "under" : "OVER"} the ${TARGET_P95_MS} ms target`);
  } finally {
    agent.destroy();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchMarkdownLoad, { needsBuild: true });

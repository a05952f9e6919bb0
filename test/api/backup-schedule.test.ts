import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, freePort, startTestServer, type TestServer } from "../support/server";
import { makeAgeKey } from "../support/backup";
import { testDbProvider } from "../support/temp-db";
import { until } from "../support/until";

// Scheduled backups in the production server: files on schedule, rotation,
// the copy command, Settings → Backups, GET/POST /api/v1/backups and the
// health warning.

const root = path.resolve(__dirname, "../..");
let work = "";
let key: { identityFile: string; recipient: string };
const servers: TestServer[] = [];

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-schedule-"));
  key = makeAgeKey(work);
});

afterAll(async () => {
  for (const s of servers) await s.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ env: { DEBRIEF_BACKUP_RECIPIENT: key.recipient, ...env } });
  servers.push(server);
  return server;
}

async function adminCookie(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: server.users.admin.email, password: server.users.admin.password }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const backupNames = (dir: string) => readdirSync(dir).filter((n) => /^debrief-backup-.*\.age$/.test(n)).sort();

describe("scheduled backups", () => {
  it("writes each backup atomically, keeps the newest N, runs the copy command, and reports them in the API, Settings and health", async () => {
    const dir = path.join(work, "backups");
    const offsite = path.join(work, "offsite");
    mkdirSync(offsite);
    // A success a minute ago (as a previous run of the server recorded it):
    // with an hour between runs nothing starts on its own during this test,
    // and every run here is one "Back up now" asked for.
    mkdirSync(dir);
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const previous = { startedAt: earlier, finishedAt: earlier, ok: true, file: "debrief-backup-20260101T000000.000Z.age", bytes: 1, rows: 1, durationMs: 1, error: null, pruned: 0, command: null };
    writeFileSync(path.join(dir, ".debrief-backup-status.json"), JSON.stringify({ enabledSince: earlier, nextAt: null, running: null, last: previous, lastSuccess: previous }));
    const server = await start({
      DEBRIEF_BACKUP_DIR: dir,
      DEBRIEF_BACKUP_EVERY: "1h",
      DEBRIEF_BACKUP_KEEP: "2",
      DEBRIEF_BACKUP_COMMAND: `cp {file} ${offsite}/`,
    });
    const before = await api(server, "GET", "/api/v1/backups");
    expect(Date.parse(before.json.status.nextAt) - Date.parse(earlier)).toBe(3_600_000);

    const incident = await api(server, "POST", "/api/v1/incidents", { title: "Scheduled", severity: "SEV3" });
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await api(server, "POST", `/api/v1/incidents/${incident.json.id}/events`, { body: `entry ${i}` })).status).toBe(201);
      const started = await api(server, "POST", "/api/v1/backups");
      expect(started.status, JSON.stringify(started.json)).toBe(202);
      const done = await until(`run ${i + 1}`, async () => {
        const res = await api(server, "GET", "/api/v1/backups");
        const last = res.json.status?.last;
        return res.json.status?.running === null && last && !runs.includes(last.file) && last.file !== previous.file ? res.json : undefined;
      });
      runs.push(done.status.last.file);
    }

    const overview = (await api(server, "GET", "/api/v1/backups")).json;
    expect(overview).toMatchObject({ enabled: true, every: "1h", keep: 2, dir, running: true, commandProgram: "cp" });
    const last = overview.status.last;
    expect(last).toMatchObject({ ok: true, error: null, pruned: 1, command: { ok: true, exitCode: 0 } });
    expect(last.bytes).toBeGreaterThan(0);
    expect(Date.parse(overview.status.nextAt) - Date.parse(last.startedAt)).toBe(3_600_000);

    // Rotation kept the newest two; nothing half-written is left; each copy off-site is whole.
    expect(readdirSync(dir).sort()).toEqual([".debrief-backup-status.json", ...runs.slice(1)].sort());
    expect(overview.files.map((f: { name: string }) => f.name)).toEqual([runs[2], runs[1]]);
    expect(readdirSync(offsite).sort()).toEqual([...runs].sort());
    for (const name of runs) {
      const plain = gunzipSync(execFileSync("age", ["-d", "-i", key.identityFile, path.join(offsite, name)])).toString("utf8");
      expect(JSON.parse(plain.slice(0, plain.indexOf("\n"))).format).toBe("debrief-backup");
      expect(JSON.parse(plain.trimEnd().split("\n").at(-1) ?? "").end).toBe(true);
    }
    expect(readFileSync(path.join(offsite, last.file))).toEqual(readFileSync(path.join(dir, last.file)));

    const health = await api(server, "GET", "/api/health", undefined, { authorization: "" });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ ok: true, db: testDbProvider(), backup: { every: "1h", stale: false, lastSuccessAt: last.finishedAt, lastAttemptOk: true } });
    expect(typeof health.json.version).toBe("string");
    expect(health.json.warnings).toBeUndefined();

    // Settings → Backups shows the last run and the next one.
    const page = await fetch(`${server.url}/settings/backups`, { headers: { cookie: await adminCookie(server) } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Last backup");
    expect(html).toMatch(/data-backup-result="ok"/);
    expect(html).toMatch(/Succeeded/);
    expect(html).toMatch(/data-backup-size="true">[\d.]+ KB/);
    expect(html).toContain(last.file);
    expect(html).toMatch(/data-backup-next="true"><time[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const viewer = await api(server, "GET", "/api/v1/backups", undefined, { authorization: `Bearer ${server.keys.viewer}` });
    expect(viewer.status).toBe(403);
  });

  it("keeps serving when backups fail, records why, and health warns once the last success is older than twice the interval", async () => {
    const notADir = path.join(work, "a-file");
    writeFileSync(notADir, "in the way");
    const server = await start({ DEBRIEF_BACKUP_DIR: path.join(notADir, "backups"), DEBRIEF_BACKUP_EVERY: "1s" });
    // Stale once 2 s have passed with no success; failed once the first run has ended.
    const health = await until("stale and failed warnings", async () => {
      const res = await api(server, "GET", "/api/health", undefined, { authorization: "" });
      const warnings: string[] = res.json.warnings ?? [];
      return warnings.some((w) => w.startsWith("backup_stale:")) && warnings.some((w) => w.startsWith("backup_failed:")) ? res : undefined;
    });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ ok: true, db: testDbProvider(), backup: { stale: true, lastSuccessAt: null, lastAttemptOk: false } });
    expect(health.json.warnings).toContain("backup_failed: the last scheduled backup failed (see Settings → Backups)");
    // Paths and error details are for admins only.
    expect(JSON.stringify(health.json)).not.toContain(notADir);
    const overview = await api(server, "GET", "/api/v1/backups");
    expect(overview.json.status.last).toMatchObject({ ok: false, file: null });
    expect(overview.json.status.last.error).toMatch(/ENOTDIR|not a directory/);
    // And it still serves.
    expect((await api(server, "POST", "/api/v1/incidents", { title: "Still up", severity: "SEV4" })).status).toBe(201);
  });

  it("runs on its own every DEBRIEF_BACKUP_EVERY while serving writes, and records a failing copy command and warns about it", async () => {
    const dir = path.join(work, "cmd-fails");
    const server = await start({
      DEBRIEF_BACKUP_DIR: dir,
      DEBRIEF_BACKUP_EVERY: "1s",
      DEBRIEF_BACKUP_COMMAND: `sh -c 'echo "bucket unreachable" >&2; exit 7'`,
    });
    const incident = await api(server, "POST", "/api/v1/incidents", { title: "Busy", severity: "SEV2" });
    let written = 0;
    await until("two scheduled backups", async () => {
      expect((await api(server, "POST", `/api/v1/incidents/${incident.json.id}/events`, { body: `entry ${written++}` })).status).toBe(201);
      return backupNames(dir).length >= 2 ? true : undefined;
    });
    for (const name of backupNames(dir).slice(0, 2)) {
      const plain = gunzipSync(execFileSync("age", ["-d", "-i", key.identityFile, path.join(dir, name)])).toString("utf8");
      expect(JSON.parse(plain.trimEnd().split("\n").at(-1) ?? "").end).toBe(true);
    }
    const overview = await until("a run with a failed command", async () => {
      const res = await api(server, "GET", "/api/v1/backups");
      return res.json.status?.last?.command ? res.json : undefined;
    });
    expect(overview.status.last).toMatchObject({ ok: true, command: { ok: false, exitCode: 7, timedOut: false } });
    expect(overview.status.last.command.output).toContain("bucket unreachable");
    const health = await api(server, "GET", "/api/health", undefined, { authorization: "" });
    expect(health.json.ok).toBe(true);
    expect(health.json.warnings).toContain("backup_command_failed: DEBRIEF_BACKUP_COMMAND failed after the last backup (see Settings → Backups)");
  });

  it("refuses to start with an invalid schedule, naming the setting", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", "tsconfig.server.json", "server.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DEBRIEF_BACKUP_DIR: path.join(work, "never"), DEBRIEF_BACKUP_EVERY: "hourly", DEBRIEF_BACKUP_RECIPIENT: key.recipient },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/DEBRIEF_BACKUP_EVERY must be a duration/);
  });
});

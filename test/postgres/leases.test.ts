import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAgeKey } from "../support/backup";
import { api, startTestServer, type TestServer } from "../support/server";
import { createTempDatabase, type TempDatabase } from "../support/temp-db";
import { until } from "../support/until";

// Two instances on one PostgreSQL database, both configured for scheduled
// backups and the status site, each with its own folders (as on two
// machines): exactly one runs each job, and when it is killed the other
// takes over.

let db: TempDatabase;
let work = "";
let key: { identityFile: string; recipient: string };
const servers: TestServer[] = [];

const dirs = (name: string) => ({
  DEBRIEF_BACKUP_DIR: path.join(work, name, "backups"),
  DEBRIEF_STATUS_DIR: path.join(work, name, "status"),
});

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-leases-"));
  key = makeAgeKey(work);
  db = await createTempDatabase("postgresql");
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const backupFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => /^debrief-backup-.*\.age$/.test(n)) : []);
const siteBuilt = (dir: string) => existsSync(path.join(dir, "index.html"));

describe("work that runs on one instance only", () => {
  it("one instance runs the backups and the status site; the other stands by and takes over when the first is killed", { timeout: 180_000 }, async () => {
    const env = { DEBRIEF_BACKUP_RECIPIENT: key.recipient, DEBRIEF_BACKUP_EVERY: "2s" };
    const a = await startTestServer({ databaseUrl: db.url, env: { ...env, ...dirs("a") } });
    servers.push(a);
    // The first instance holds both leases before the second starts.
    await until("A's first backup and status site", async () => (backupFiles(dirs("a").DEBRIEF_BACKUP_DIR).length > 0 && siteBuilt(dirs("a").DEBRIEF_STATUS_DIR) ? true : undefined));
    const b = await startTestServer({ databaseUrl: db.url, identities: { keys: a.keys, users: a.users }, env: { ...env, ...dirs("b") } });
    servers.push(b);

    const healthA = await api(a, "GET", "/api/health");
    const healthB = await api(b, "GET", "/api/health");
    expect(healthA.json.backup).toMatchObject({ every: "2s", stale: false });
    expect(healthA.json.backup.standby).toBeUndefined();
    expect(healthB.json).toMatchObject({ ok: true, db: "postgresql", backup: { every: "2s", standby: true } });
    expect(healthB.json.warnings).toBeUndefined();
    // "Back up now" on the standby says where they run.
    const now = await api(b, "POST", "/api/v1/backups", undefined, { authorization: `Bearer ${b.keys.admin}` });
    expect(now.status).toBe(409);
    expect(now.json.error.message).toMatch(/run on another instance/);

    // A public update written on B reaches the site A keeps.
    const incident = await api(b, "POST", "/api/v1/incidents", { title: "Payments degraded", severity: "SEV2" });
    const update = await api(b, "POST", `/api/v1/incidents/${incident.json.id}/events`, { body: "We are investigating elevated payment errors.", visibility: "public" });
    expect(update.status).toBe(201);
    await until("the update in A's status site", async () => {
      const { readFileSync } = await import("node:fs");
      const file = path.join(dirs("a").DEBRIEF_STATUS_DIR, "index.html");
      return existsSync(file) && readFileSync(file, "utf8").includes("Payments degraded") ? true : undefined;
    });
    // Meanwhile B ran neither.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(backupFiles(dirs("b").DEBRIEF_BACKUP_DIR)).toEqual([]);
    expect(siteBuilt(dirs("b").DEBRIEF_STATUS_DIR)).toBe(false);

    // A dies without a goodbye: PostgreSQL drops its connection and its locks; B takes both over.
    await a.kill();
    await until("B's first backup", async () => (backupFiles(dirs("b").DEBRIEF_BACKUP_DIR).length > 0 ? true : undefined));
    await until("B's status site", async () => (siteBuilt(dirs("b").DEBRIEF_STATUS_DIR) ? true : undefined));
    const taken = await api(b, "GET", "/api/health");
    expect(taken.json.backup.standby).toBeUndefined();
    expect(taken.json.backup.lastSuccessAt).toEqual(expect.any(String));

    // A comes back and stands by.
    await a.start();
    const back = await api(a, "GET", "/api/health");
    expect(back.json.backup).toMatchObject({ standby: true });
  });
});

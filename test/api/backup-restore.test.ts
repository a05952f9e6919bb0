import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../scripts/db-postgres.mjs";
import { api, startTestServer, type TestServer } from "../support/server";
import { makeAgeKey, runScript } from "../support/backup";
import { dumpDatabase } from "../support/dump";
import { testDbProvider, testPgServerUrl } from "../support/temp-db";
import { restoreBackup } from "@/lib/backup/restore";

// A backup taken by `npm run backup` while the production server takes a
// burst of concurrent timeline writes, restored into a fresh database of the
// same store (a SQLite file, or a new PostgreSQL database) and served by a
// second server: nothing acknowledged before the backup started is missing,
// and what users see is identical.

const WRITERS = 8;
const example = readFileSync(path.resolve(__dirname, "../fixtures/postmortem/cloudflare-example.md"), "utf8");

let live: TestServer;
let restoredServer: TestServer | undefined;
let work = "";
let key: { identityFile: string; recipient: string };
const dropLater: Array<() => Promise<void>> = [];

/** An empty database of the store the tests run on; restore migrates it. */
async function freshTargetUrl(name: string): Promise<string> {
  if (testDbProvider() === "sqlite") return `file:${path.join(mkdtempSync(path.join(work, `${name}-`)), "debrief.db")}`;
  const db = await createScratchDatabase(testPgServerUrl(), "debrief_restored");
  dropLater.push(db.drop);
  return db.url;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-backup-api-"));
  key = makeAgeKey(work);
  live = await startTestServer();
});

afterAll(async () => {
  await restoredServer?.dispose();
  await live?.dispose();
  for (const drop of dropLater) await drop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function eventRows(url: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await dumpDatabase(url)).TimelineEvent ?? [];
  return new Map(rows.map((r) => [String(r.id), r]));
}

/** Writers posting entries until told to stop; `acked` holds each id once the server answered 201. */
function startBurst(incidentId: string) {
  const acked: string[] = [];
  let stopping = false;
  let failures = 0;
  const writer = async (w: number) => {
    for (let i = 0; !stopping; i++) {
      const id = randomUUID();
      const res = await api(live, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: `burst ${w}.${i}: all hands on deck` }, { authorization: `Bearer ${live.keys.responder}` });
      if (res.status === 201) acked.push(id);
      else failures++;
    }
  };
  const running = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return {
    acked,
    failures: () => failures,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("backup during a write burst", () => {
  it("restores with every acknowledged entry, identical Markdown exports and action items, and working keys and passwords", async () => {
    const imported = await api(live, "POST", "/api/v1/import/markdown", example, { "content-type": "text/markdown" });
    expect(imported.status).toBe(201);
    const postmortemId = imported.json.id as string;
    const item = await api(live, "POST", `/api/v1/incidents/${postmortemId}/action-items`, { title: "Page on 5xx ratio", owner: "Ana", dueDate: "2026-04-01" });
    expect(item.status).toBe(201);
    const busy = await api(live, "POST", "/api/v1/incidents", { title: "Everything is on fire", severity: "SEV1", services: ["API"] });
    const busyId = busy.json.id as string;

    const burst = startBurst(busyId);
    await waitFor(() => burst.acked.length >= 200, "200 acknowledged entries");
    // Everything acknowledged before the snapshot starts must be in the backup.
    const ackedBefore = [...burst.acked];
    const file = path.join(work, "during-burst.age");
    const backup = await runScript("backup", ["--out", file, "--recipient", key.recipient], { DATABASE_URL: live.databaseUrl });
    const ackedWhileBackingUp = burst.acked.length - ackedBefore.length;
    await burst.stop();
    expect(backup.code, backup.stderr).toBe(0);
    expect(burst.failures()).toBe(0);
    expect(ackedWhileBackingUp).toBeGreaterThan(0);

    const target = await freshTargetUrl("restored");
    await restoreBackup({ file, identityFile: key.identityFile, databaseUrl: target });

    const restoredRows = await eventRows(target);
    const liveRows = await eventRows(live.databaseUrl);
    const missing = ackedBefore.filter((id) => !restoredRows.has(id));
    expect(missing).toEqual([]);
    // Entries never change after the burst wrote them: each restored one is the live one, byte for byte.
    for (const [id, row] of restoredRows) expect(row, id).toEqual(liveRows.get(id));
    expect(restoredRows.size).toBeLessThan(liveRows.size);

    // The restored database, served: the same keys, passwords and pages.
    restoredServer = await startTestServer({ databaseUrl: target, seed: false });
    const served = { url: restoredServer.url, keys: live.keys };
    for (const template of ["cloudflare", "sre"]) {
      const a = await api(live, "GET", `/api/v1/incidents/${postmortemId}/postmortem.md?template=${template}`);
      const b = await api(served, "GET", `/api/v1/incidents/${postmortemId}/postmortem.md?template=${template}`);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(b.text).toBe(a.text);
    }
    const itemsLive = await api(live, "GET", "/api/v1/action-items?pageSize=200");
    const itemsRestored = await api(served, "GET", "/api/v1/action-items?pageSize=200");
    expect(itemsLive.json.items.length).toBeGreaterThan(1);
    expect(itemsRestored.json).toEqual(itemsLive.json);
    const signIn = await fetch(`${restoredServer.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: restoredServer.url },
      body: JSON.stringify({ email: live.users.admin.email, password: live.users.admin.password }),
    });
    expect(signIn.status).toBe(200);
  });

  it("after the burst, a backup restores to the very same rows in every table", async () => {
    const file = path.join(work, "quiet.age");
    const backup = await runScript("backup", ["--out", file, "--recipient", key.recipient], { DATABASE_URL: live.databaseUrl });
    expect(backup.code, backup.stderr).toBe(0);
    const before = await dumpDatabase(live.databaseUrl);
    const target = await freshTargetUrl("quiet");
    const restore = await runScript("restore", [file, "--identity", key.identityFile], { DATABASE_URL: target });
    expect(restore.code, restore.stderr).toBe(0);
    const after = await dumpDatabase(target);
    expect(after.TimelineEvent?.length).toBeGreaterThan(200);
    expect(after).toEqual(before);
  });
});

// Storage faults, made for real: the database lives on its own 8 MB ext4
// file system (an image file mounted through a loop device) for this file.
// Tests run as root and chmod does not stop root, so a full disk is that file
// system filled to the last block, a read-only database is an immutable
// file (chattr +i, which ext4 enforces even on open files) or a read-only
// remount, and a damaged one has pages overwritten.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../../scripts/db.mjs";
import { api, freePort, runServerOnce, startTestServer, type TestServer } from "../support/server";

const root = path.resolve(__dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "debrief-tinyfs-"));
const image = path.join(scratch, "fs.img");
const mount = path.join(scratch, "mnt");
const dataDir = path.join(mount, "data");
const dbFile = path.join(dataDir, "debrief.db");
const filler = path.join(mount, "filler");
let server: TestServer;
let incidentId = "";

function sh(cmd: string, ...args: string[]): void {
  execFileSync(cmd, args, { stdio: "pipe" });
}

beforeAll(async () => {
  try {
    mkdirSync(mount);
    sh("truncate", "-s", "8M", image);
    sh("mkfs.ext4", "-q", "-F", image);
    sh("mount", "-o", "loop", image, mount);
  } catch (err) {
    throw new Error(`This test mounts a small ext4 file system (mkfs.ext4, a loop device, root with CAP_SYS_ADMIN) to fill a disk for real: ${String(err)}`);
  }
  await migrate(`file:${dbFile}`);
  server = await startTestServer({ databaseUrl: `file:${dbFile}` });
  incidentId = (await api(server, "POST", "/api/v1/incidents", { title: "Disk trouble", severity: "SEV2" })).json.id;
});

afterAll(async () => {
  await server?.stop();
  try {
    sh("chattr", "-i", dbFile, `${dbFile}-wal`);
  } catch {
    /* not immutable */
  }
  try {
    sh("umount", mount);
  } catch {
    sh("umount", "-l", mount);
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Fill the file system to the last byte. */
function fillDisk(): void {
  const fd = openSync(filler, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
    for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch {
        /* smaller */
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function health() {
  return api(server, "GET", "/api/health");
}

/** Health is probed at most once a second; wait for it to say `ok`. */
async function healthBecomes(ok: boolean) {
  for (let i = 0; i < 50; i++) {
    const res = await health();
    if (res.json?.ok === ok) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`health never became ok=${ok}`);
}

const post = (body: string, id: string = randomUUID()) => api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body });

describe("files at rest", () => {
  it("are owner-only: the data folder 0700, the database, -wal and -shm 0600", () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) expect({ f, mode: statSync(f).mode & 0o777 }).toEqual({ f, mode: 0o600 });
  });
});

describe("a full disk", () => {
  it("makes writes answer 503 storage_unavailable and health not-ok with the reason; both recover when space is freed", async () => {
    expect((await health()).status).toBe(200);
    fillDisk();
    const acknowledged: string[] = [];
    let refused: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 300 && !refused; i++) {
      const id = randomUUID();
      const res = await post(`entry ${i} `.padEnd(4000, "x"), id);
      if (res.status === 201) acknowledged.push(id);
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.json.error.code).toBe("storage_unavailable");
    expect(refused?.json.error.message).toMatch(/disk holding the database is full/);
    expect(refused?.headers.get("retry-after")).toBeTruthy();

    // Other writes are told the same; reads still work.
    const create = await api(server, "POST", "/api/v1/incidents", { title: "Another", severity: "SEV4", summary: "y".repeat(15_000) });
    expect([create.status, create.json.error?.code]).toEqual([503, "storage_unavailable"]);
    expect((await api(server, "GET", `/api/v1/incidents/${incidentId}`)).status).toBe(200);

    const sick = await healthBecomes(false);
    expect(sick.status).toBe(503);
    expect(sick.json.error).toMatchObject({ code: "storage_unavailable" });
    expect(sick.json.error.message).toMatch(/full/);

    rmSync(filler);
    const well = await healthBecomes(true);
    expect(well.status).toBe(200);
    expect((await post("after the disk was freed")).status).toBe(201);
    // Nothing acknowledged was lost.
    const stored = new Set((await api(server, "GET", `/api/v1/incidents/${incidentId}/events`)).json.events.map((e: { id: string }) => e.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe("a database that turns read-only", () => {
  it("makes writes answer 503 and health not-ok until it is writable again", async () => {
    sh("chattr", "+i", dbFile, `${dbFile}-wal`);
    try {
      const res = await post("while read-only");
      expect([res.status, res.json.error.code]).toEqual([503, "storage_unavailable"]);
      expect(res.json.error.message).toMatch(/could not be read or written|read-only/);
      const sick = await healthBecomes(false);
      expect(sick.json.error.message).toMatch(/could not be read or written|read-only/);
    } finally {
      sh("chattr", "-i", dbFile, `${dbFile}-wal`);
    }
    await healthBecomes(true);
    expect((await post("writable again")).status).toBe(201);
  });
});

describe("start-up on a database that cannot be used", () => {
  function migrateCli(url: string): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["scripts/db.mjs", "migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  /** Both steps of `npm start` exit non-zero with one line that says what is wrong. */
  async function expectRefusal(url: string, reason: RegExp) {
    const migrated = await migrateCli(url);
    expect(migrated.code).toBe(1);
    expect(migrated.output.trim().split("\n").filter((l) => !l.includes("warning:"))).toEqual([expect.stringMatching(reason)]);
    const started = await runServerOnce({ DATABASE_URL: url, PORT: String(await freePort()) });
    expect(started.code).toBe(1);
    const lines = started.output.trim().split("\n").filter((l) => !l.includes("warning:"));
    expect(lines).toEqual([expect.stringMatching(/^debrief: cannot start: /)]);
    expect(lines[0]).toMatch(reason);
    expect(started.output).not.toMatch(/panicked|RUST_BACKTRACE|\n\s+at /);
  }

  it("a damaged copy: quick_check finds it", async () => {
    await server.stop();
    const damaged = path.join(dataDir, "damaged.db");
    copyFileSync(dbFile, damaged);
    const fd = openSync(damaged, "r+");
    writeSync(fd, Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, 3 * 4096);
    closeSync(fd);
    await expectRefusal(`file:${damaged}`, /damaged/);
    rmSync(damaged);
  });

  it("an immutable file and a read-only file system", async () => {
    sh("chattr", "+i", dbFile);
    try {
      await expectRefusal(`file:${dbFile}`, /read-only/);
    } finally {
      sh("chattr", "-i", dbFile);
    }
    sh("mount", "-o", "remount,ro", mount);
    try {
      await expectRefusal(`file:${dbFile}`, /read-only|cannot be opened/);
    } finally {
      sh("mount", "-o", "remount,rw", mount);
    }
    // And it starts again once the database is usable.
    await server.start();
    expect((await health()).status).toBe(200);
  });
});

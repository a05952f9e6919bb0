import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../scripts/db.mjs";
import { createScratchDatabase } from "../../scripts/db-postgres.mjs";
import { makeAgeKey, runScript } from "../support/backup";
import { dumpDatabase } from "../support/dump";
import { seedBackupData } from "../support/backup-seed";
import { seedIdentities } from "../support/identities";
import { createTempDatabase, testPgServerUrl, type TempDatabase } from "../support/temp-db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { closeDb } from "@/lib/db/client";
import { sqliteFile } from "@/lib/db/url";
import { listIncidents } from "@/lib/incidents/service";
import { listTimelineEvents } from "@/lib/timeline/service";
import { exportIncidentMarkdown } from "@/lib/postmortem/service";
import { listActionItems } from "@/lib/action-items/service";
import { backupDatabase } from "@/lib/backup/backup";
import { restoreBackup } from "@/lib/backup/restore";
import { knownMigrations } from "@/lib/backup/migrations";
import { BackupError } from "@/lib/backup/errors";
import { closeLiveBus } from "@/lib/live/bus";

// Backups of either store restore into either: SQLite → PostgreSQL is how
// an instance moves, and back again gives the very same data. PostgreSQL
// targets are filled in one transaction: a refused or damaged restore
// leaves them as they were.

const actor = LOCAL_ACTOR;

let work = "";
let key: { identityFile: string; recipient: string };
let sqliteSource: TempDatabase;
const scratch: Array<{ url: string; drop(): Promise<void> }> = [];

/** Point the services at `url` for the duration of `fn`. */
async function using<T>(url: string, fn: () => Promise<T>): Promise<T> {
  await closeLiveBus();
  await closeDb();
  process.env.DATABASE_URL = url;
  try {
    return await fn();
  } finally {
    await closeLiveBus();
    await closeDb();
  }
}

/** What users see of every incident: Markdown exports (both templates), whole timelines, action items. */
function userVisible(url: string) {
  return using(url, async () => {
    const out: Record<string, unknown> = {};
    for (const inc of await listIncidents({ query: { limit: 200 }, actor })) {
      out[`${inc.id}/cloudflare`] = (await exportIncidentMarkdown({ incidentId: inc.id, actor })).markdown;
      out[`${inc.id}/sre`] = (await exportIncidentMarkdown({ incidentId: inc.id, query: { template: "sre" }, actor })).markdown;
      out[`${inc.id}/timeline`] = await listTimelineEvents({ incidentId: inc.id, query: { includeDeleted: "true" }, actor });
    }
    out.actionItems = await listActionItems({ query: { pageSize: 200 }, actor });
    return out;
  });
}

async function newPostgresDatabase(): Promise<string> {
  const db = await createScratchDatabase(testPgServerUrl(), "debrief_restore");
  scratch.push(db);
  return db.url;
}

function newSqliteUrl(): string {
  return `file:${path.join(mkdtempSync(path.join(work, "sqlite-")), "debrief.db")}`;
}

async function seed(url: string): Promise<void> {
  await seedIdentities(url);
  await using(url, () => seedBackupData());
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-pg-backup-"));
  key = makeAgeKey(work);
  sqliteSource = await createTempDatabase("sqlite");
  await seed(sqliteSource.url);
});

afterAll(async () => {
  await closeLiveBus();
  await closeDb();
  for (const db of scratch) await db.drop().catch(() => {});
  await sqliteSource?.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function rowCounts(url: string): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await dumpDatabase(url)).map(([t, rows]) => [t, rows.length]));
}

describe("moving between SQLite and PostgreSQL through backup and restore", () => {
  it("SQLite → PostgreSQL → SQLite keeps every row, every acknowledged entry, the Markdown exports and the action items", async () => {
    const fromSqlite = path.join(work, "from-sqlite.age");
    await backupDatabase({ databaseUrl: sqliteSource.url, out: fromSqlite, recipients: [key.recipient] });

    // The documented move: one command with DATABASE_URL pointing at PostgreSQL.
    const pgUrl = await newPostgresDatabase();
    const moved = await runScript("restore", [fromSqlite, "--identity", key.identityFile], { DATABASE_URL: pgUrl });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/into postgresql:\/\/127\.0\.0\.1:\d+\/debrief_restore_/);
    expect(moved.stdout).not.toMatch(/postgres@/);

    const source = await dumpDatabase(sqliteSource.url);
    expect(source.TimelineEvent?.length).toBeGreaterThan(13);
    expect(await dumpDatabase(pgUrl)).toEqual(source);
    const seen = await userVisible(sqliteSource.url);
    expect(Object.keys(seen).length).toBe(2 * 3 + 1);
    expect(await userVisible(pgUrl)).toEqual(seen);

    // And back: a backup of PostgreSQL restores into a fresh SQLite file.
    const fromPostgres = path.join(work, "from-postgres.age");
    const summary = await backupDatabase({ databaseUrl: pgUrl, out: fromPostgres, recipients: [key.recipient] });
    expect(summary.schemaVersion).toBe(knownMigrations("postgresql").at(-1));
    const back = newSqliteUrl();
    const restored = await restoreBackup({ file: fromPostgres, identityFile: key.identityFile, databaseUrl: back });
    expect(restored.rows).toEqual(summary.rows);
    expect(await dumpDatabase(back)).toEqual(source);
    expect(await userVisible(back)).toEqual(seen);

    // The header says where it came from and what was left out.
    const text = (await import("node:child_process")).execFileSync("age", ["-d", "-i", key.identityFile, fromPostgres]);
    const header = JSON.parse((await import("node:zlib")).gunzipSync(text).toString("utf8").split("\n")[0] ?? "");
    expect(header.source).toEqual({ provider: "postgresql" });
    expect(header.schema.migrations).toEqual(knownMigrations("postgresql"));
    expect(header.excluded.map((e: { table: string }) => e.table).sort()).toEqual(["_prisma_migrations", "live_stream", "rateLimit", "search_doc", "session", "verification"]);

    // Keys and passwords came along: the restored PostgreSQL database signs people in.
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "account" WHERE "password" IS NOT NULL`);
      expect(Number(rows[0]?.n)).toBe(3);
    } finally {
      await db.end();
    }
  });

  it("restores text holding NUL into PostgreSQL with U+FFFD in its place, and says so", async () => {
    const copy = path.join(mkdtempSync(path.join(work, "nul-")), "debrief.db");
    (await import("node:fs")).copyFileSync(sqliteFile(sqliteSource.url), copy);
    const raw = new Database(copy);
    raw.prepare(`UPDATE "TimelineEvent" SET "body" = 'before' || char(0) || 'after' WHERE "id" = (SELECT min("id") FROM "TimelineEvent")`).run();
    const id = raw.prepare(`SELECT min("id") FROM "TimelineEvent"`).pluck().get() as string;
    raw.close();
    const file = path.join(work, "nul.debrief");
    await backupDatabase({ databaseUrl: `file:${copy}`, out: file, recipients: null });
    const pgUrl = await newPostgresDatabase();
    const restored = await restoreBackup({ file, identityFile: null, databaseUrl: pgUrl });
    expect(restored.warnings).toEqual([expect.stringMatching(/^1 NUL character\(s\) in text became U\+FFFD/)]);
    const rows = (await dumpDatabase(pgUrl)).TimelineEvent ?? [];
    expect(rows.find((r) => r.id === id)?.body).toBe("before\uFFFDafter");
  });
});

describe("restoring into PostgreSQL", () => {
  let backupFile = "";
  let sourceDump: Awaited<ReturnType<typeof dumpDatabase>>;

  beforeAll(async () => {
    backupFile = path.join(work, "plain.debrief");
    await backupDatabase({ databaseUrl: sqliteSource.url, out: backupFile, recipients: null });
    sourceDump = await dumpDatabase(sqliteSource.url);
  });

  it("refuses a database that holds data unless --force, which replaces its contents in one transaction", async () => {
    const pgUrl = await newPostgresDatabase();
    await migrate(pgUrl);
    await seedIdentities(pgUrl);
    const before = await dumpDatabase(pgUrl);
    expect(before.user?.length).toBe(3);

    const refused = await runScript("restore", [backupFile], { DATABASE_URL: pgUrl });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/already holds data \(.*user.*\): restore into an empty database, or pass --force/);
    expect(await dumpDatabase(pgUrl)).toEqual(before);

    // A damaged file with --force: refused at the checksum, the old rows stay.
    const text = (await import("node:zlib")).gunzipSync(readFileSync(backupFile)).toString("utf8");
    const tampered = path.join(work, "tampered.debrief");
    writeFileSync(tampered, (await import("node:zlib")).gzipSync(Buffer.from(text.replace("Entry 1, corrected", "Entry 1, falsified"))));
    const damaged = await runScript("restore", [tampered, "--force"], { DATABASE_URL: pgUrl });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/SHA-256 checksum does not match/);
    expect(await dumpDatabase(pgUrl)).toEqual(before);

    const forced = await runScript("restore", [backupFile, "--force"], { DATABASE_URL: pgUrl });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await dumpDatabase(pgUrl)).toEqual(sourceDump);
  });

  it("refuses a database a Debrief server is connected to", async () => {
    const pgUrl = await newPostgresDatabase();
    const server = new pg.Client({ connectionString: pgUrl, application_name: "debrief" });
    await server.connect();
    try {
      const err = await restoreBackup({ file: backupFile, identityFile: null, databaseUrl: pgUrl }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as BackupError).kind).toBe("target_in_use");
      expect((err as Error).message).toMatch(/stop every Debrief server before restoring/);
    } finally {
      await server.end();
    }
    expect(Object.values(await rowCounts(pgUrl)).every((n) => n === 0)).toBe(true);
  });

  it("rolls everything back when a row breaks a foreign key, and never writes the migration history", async () => {
    const { gunzipSync, gzipSync } = await import("node:zlib");
    const parse = () => gunzipSync(readFileSync(backupFile)).toString("utf8").trimEnd().split("\n").slice(0, -1).map((l) => JSON.parse(l) as unknown);
    const body = parse();
    // An action item pointing at an incident the backup does not have.
    const at = body.findIndex((l) => !Array.isArray(l) && (l as { table?: string }).table === "ActionItem");
    const columns = (body[at] as { columns: { name: string }[] }).columns.map((c) => c.name);
    const orphan = [...(body[at + 1] as unknown[])];
    orphan[columns.indexOf("id")] = "00000000-0000-4000-8000-000000000001";
    orphan[columns.indexOf("incidentId")] = "00000000-0000-4000-8000-00000000dead";
    const edited = [...body.slice(0, at + 1), orphan, ...body.slice(at + 1)];
    const rows: Record<string, number> = {};
    let current = "";
    for (const line of edited.slice(1)) {
      if (Array.isArray(line)) rows[current] = (rows[current] ?? 0) + 1;
      else rows[(current = (line as { table: string }).table)] = 0;
    }
    (edited[0] as { tables: { name: string; rows: number }[] }).tables = Object.entries(rows).map(([name, n]) => ({ name, rows: n }));
    const text = edited.map((l) => `${JSON.stringify(l)}\n`).join("");
    const crafted = path.join(work, "orphan.debrief");
    writeFileSync(crafted, gzipSync(`${text}${JSON.stringify({ end: true, rows, sha256: createHash("sha256").update(text).digest("hex") })}\n`));

    const pgUrl = await newPostgresDatabase();
    const err = await restoreBackup({ file: crafted, identityFile: null, databaseUrl: pgUrl }).catch((e: unknown) => e);
    expect((err as BackupError).kind).toBe("data");
    expect((err as Error).message).toMatch(/ActionItem break a foreign key/);
    expect(Object.values(await rowCounts(pgUrl)).every((n) => n === 0)).toBe(true);

    const history = path.join(work, "history.debrief");
    const injected = [...parse(), { table: "_prisma_migrations", columns: [{ name: "id", type: "string", nullable: false }] }, ["injected"]];
    (injected[0] as { tables: { name: string; rows: number }[] }).tables.push({ name: "_prisma_migrations", rows: 1 });
    const injectedText = injected.map((l) => `${JSON.stringify(l)}\n`).join("");
    const counts = Object.fromEntries((injected[0] as { tables: { name: string; rows: number }[] }).tables.map((t) => [t.name, t.rows]));
    writeFileSync(history, gzipSync(`${injectedText}${JSON.stringify({ end: true, rows: counts, sha256: createHash("sha256").update(injectedText).digest("hex") })}\n`));
    const err2 = await restoreBackup({ file: history, identityFile: null, databaseUrl: pgUrl }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/_prisma_migrations, which a backup never restores/);
    expect(Object.values(await rowCounts(pgUrl)).every((n) => n === 0)).toBe(true);
  });

  it("refuses a PostgreSQL backup from a newer schema, checked against PostgreSQL's migrations", async () => {
    const pgUrl = await newPostgresDatabase();
    await restoreBackup({ file: backupFile, identityFile: null, databaseUrl: pgUrl });
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    await db.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29991231000000_from_the_future', now(), now(), 1)`);
    await db.end();
    const file = path.join(work, "newer.debrief");
    await backupDatabase({ databaseUrl: pgUrl, out: file, recipients: null });
    const err = await restoreBackup({ file, identityFile: null, databaseUrl: newSqliteUrl() }).catch((e: unknown) => e);
    expect((err as BackupError).kind).toBe("newer_schema");
    expect((err as Error).message).toMatch(/newer schema \(29991231000000_from_the_future\)/);
  });

  it("says in one line that PostgreSQL is unreachable, for backup and restore alike", async () => {
    const nowhere = "postgresql://postgres@127.0.0.1:1/debrief";
    const backup = await runScript("backup", ["--out", path.join(work, "never.debrief"), "--no-encrypt"], { DATABASE_URL: nowhere });
    expect(backup.code).toBe(1);
    expect(backup.stderr.trim().split("\n")).toHaveLength(1);
    expect(backup.stderr).toMatch(/PostgreSQL is unreachable/);
    const restore = await runScript("restore", [backupFile], { DATABASE_URL: nowhere });
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim().split("\n")).toHaveLength(1);
    expect(restore.stderr).toMatch(/PostgreSQL is unreachable/);
  });
});

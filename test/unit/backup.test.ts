import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { dumpTables, filesIn, makeAgeKey, runScript } from "../support/backup";
import { seedBackupData } from "../support/backup-seed";
import { seedIdentities } from "../support/identities";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { closeDb } from "@/lib/db/client";
import { sqliteFile } from "@/lib/db/url";
import { listIncidents } from "@/lib/incidents/service";
import { exportIncidentMarkdown } from "@/lib/postmortem/service";
import { listActionItems } from "@/lib/action-items/service";
import { searchEverything } from "@/lib/search/service";
import { backupDatabase } from "@/lib/backup/backup";
import { restoreBackup } from "@/lib/backup/restore";
import { knownMigrations } from "@/lib/backup/migrations";
import { migrate } from "../../scripts/db.mjs";
import { BackupError } from "@/lib/backup/errors";

// SQLite's side of backups: snapshot files, temporary files renamed over the
// target, the old file kept by --force. PostgreSQL's side, and moving between
// the two, are in test/postgres/backup.test.ts.
useTempDatabase("sqlite");
const actor = LOCAL_ACTOR;
const SECRET_BODY = "Rotated the leaked credential sk_live_canary_4242";

let work = "";
let sourceUrl = "";
let key: { identityFile: string; recipient: string };
let otherKey: { identityFile: string; recipient: string };
let encrypted = "";

/** What a user sees of every incident: Markdown exports (both templates) and action items. */
async function userVisible(databaseUrl: string) {
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
  const exports: Record<string, string> = {};
  for (const inc of await listIncidents({ query: { limit: 200 }, actor })) {
    exports[`${inc.id}/cloudflare`] = (await exportIncidentMarkdown({ incidentId: inc.id, actor })).markdown;
    exports[`${inc.id}/sre`] = (await exportIncidentMarkdown({ incidentId: inc.id, query: { template: "sre" }, actor })).markdown;
  }
  const actionItems = await listActionItems({ query: { pageSize: 200 }, actor });
  // The search index is not in the backup: the restore rebuilds it.
  const search: Record<string, unknown[]> = {};
  for (const q of ["entry", "credential", "checkout", "alert"]) {
    const { results } = await searchEverything({ query: { q, limit: "50" }, actor });
    search[q] = results.map((r) => [r.type, r.id, r.field, r.snippet]).sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[2]).localeCompare(String(b[2])));
  }
  await closeDb();
  process.env.DATABASE_URL = sourceUrl;
  return { exports, actionItems, search };
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-backup-test-"));
  sourceUrl = process.env.DATABASE_URL ?? "";
  key = makeAgeKey(work, "key.txt");
  otherKey = makeAgeKey(work, "other.txt");
  await seedIdentities(sourceUrl);
  await seedBackupData({ secretBody: SECRET_BODY });
  encrypted = path.join(work, "backup.age");
  await backupDatabase({ databaseUrl: sourceUrl, out: encrypted, recipients: [key.recipient] });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function freshTarget(): { dir: string; file: string; url: string } {
  const dir = mkdtempSync(path.join(work, "target-"));
  const file = path.join(dir, "debrief.db");
  return { dir, file, url: `file:${file}` };
}

describe("backup and restore (service)", () => {
  it("restores into a fresh SQLite file with every row, every Markdown export and every action item identical", async () => {
    const target = freshTarget();
    const summary = await restoreBackup({ file: encrypted, identityFile: key.identityFile, databaseUrl: target.url });
    expect(summary.schemaVersion).toBe(knownMigrations().at(-1));
    expect(summary.rows.TimelineEvent).toBeGreaterThan(13);
    expect(summary.rows.TimelineEventRevision).toBeGreaterThanOrEqual(2);

    const source = dumpTables(sqliteFile(sourceUrl));
    const restored = dumpTables(target.file);
    expect(Object.keys(restored)).toEqual(Object.keys(source));
    for (const table of Object.keys(source)) expect(restored[table], table).toEqual(source[table]);
    // Password hashes and API key hashes came along; sessions did not.
    expect(restored.account?.length).toBe(3);
    expect(restored.api_key?.length).toBe(3);
    const db = new Database(target.file, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM session").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM _prisma_migrations").pluck().get()).toBe(knownMigrations().length);
    db.close();

    const before = await userVisible(sourceUrl);
    const after = await userVisible(target.url);
    expect(Object.keys(before.exports).length).toBe(4);
    expect(after.exports).toEqual(before.exports);
    expect(after.actionItems).toEqual(before.actionItems);
    expect(before.search.entry).toHaveLength(10);
    expect(before.search.credential).toHaveLength(1);
    expect(after.search).toEqual(before.search);
  });

  it("restores into a database that was migrated but holds nothing yet (as a first start leaves it), search included", async () => {
    const target = freshTarget();
    await migrate(target.url);
    await restoreBackup({ file: encrypted, identityFile: key.identityFile, databaseUrl: target.url });
    expect(existsSync(`${target.file}.replaced`)).toBe(false);
    expect((await userVisible(target.url)).search).toEqual((await userVisible(sourceUrl)).search);
  });

  it("writes a file the age command-line tool decrypts, and nothing in it is readable without the identity", () => {
    const raw = readFileSync(encrypted);
    expect(raw.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    expect(raw.includes(Buffer.from("sk_live_canary_4242"))).toBe(false);
    expect(raw.includes(Buffer.from("debrief-backup"))).toBe(false);

    const plain = gunzipSync(execFileSync("age", ["-d", "-i", key.identityFile, encrypted]));
    expect(plain.includes(Buffer.from("sk_live_canary_4242"))).toBe(true);
    const text = plain.toString("utf8");
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    const header = JSON.parse(lines[0] ?? "");
    expect(header.format).toBe("debrief-backup");
    expect(header.schema.version).toBe(knownMigrations().at(-1));
    expect(header.excluded.map((e: { table: string }) => e.table).sort()).toEqual(["_prisma_migrations", "live_stream", "rateLimit", "search_doc", "session", "verification"]);
    const trailer = JSON.parse(lines.at(-1) ?? "");
    expect(trailer.end).toBe(true);
    const body = text.slice(0, text.length - (lines.at(-1) ?? "").length - 1);
    expect(createHash("sha256").update(body).digest("hex")).toBe(trailer.sha256);
    const counts = Object.fromEntries(header.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]));
    expect(trailer.rows).toEqual(counts);
    // The age tool refuses another identity too.
    expect(() => execFileSync("age", ["-d", "-i", otherKey.identityFile, encrypted], { stdio: "pipe" })).toThrow();
  });

  it("refuses a backup from a newer schema and leaves the target untouched", async () => {
    const newer = path.join(work, "newer.db");
    copyFileSync(sqliteFile(sourceUrl), newer);
    const db = new Database(newer);
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29991231000000_from_the_future', 0, 0, 1)`,
    ).run();
    db.close();
    const file = path.join(work, "newer.age");
    await backupDatabase({ databaseUrl: `file:${newer}`, out: file, recipients: [key.recipient] });
    const target = freshTarget();
    const err = await restoreBackup({ file, identityFile: key.identityFile, databaseUrl: target.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).kind).toBe("newer_schema");
    expect((err as BackupError).message).toMatch(/newer schema \(29991231000000_from_the_future\)/);
    expect(filesIn(target.dir)).toEqual([]);
  });

  it("restores a backup from an older schema: the target is migrated to this build's schema first", async () => {
    const older = path.join(work, "older.db");
    copyFileSync(sqliteFile(sourceUrl), older);
    const db = new Database(older);
    const latest = knownMigrations().at(-1) ?? "";
    db.prepare(`DELETE FROM _prisma_migrations WHERE migration_name = ?`).run(latest);
    db.close();
    const file = path.join(work, "older.age");
    const summary = await backupDatabase({ databaseUrl: `file:${older}`, out: file, recipients: [key.recipient] });
    expect(summary.schemaVersion).not.toBe(latest);
    const target = freshTarget();
    const restored = await restoreBackup({ file, identityFile: key.identityFile, databaseUrl: target.url });
    expect(restored.schemaVersion).toBe(summary.schemaVersion);
    const check = new Database(target.file, { readonly: true });
    expect(check.prepare("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name").pluck().all()).toEqual(knownMigrations());
    check.close();
    expect(dumpTables(target.file)).toEqual(dumpTables(sqliteFile(sourceUrl)));
  });

  it("refuses to replace a database another process has open (a running server), and leaves it as it was", async () => {
    const target = freshTarget();
    copyFileSync(sqliteFile(sourceUrl), target.file);
    const server = new Database(target.file);
    server.pragma("journal_mode = WAL");
    const before = dumpTables(target.file);
    try {
      const err = await restoreBackup({ file: encrypted, identityFile: key.identityFile, databaseUrl: target.url, force: true }).catch((e: unknown) => e);
      expect((err as BackupError).kind).toBe("target_in_use");
      expect((err as Error).message).toMatch(/stop the Debrief server before restoring/);
    } finally {
      server.close();
    }
    expect(dumpTables(target.file)).toEqual(before);
    expect(filesIn(target.dir)).toEqual(["debrief.db"]);
  });

  it("catches a change inside a plain backup by its checksum even when the gzip layer is intact", async () => {
    const plainFile = path.join(work, "plain.debrief");
    await backupDatabase({ databaseUrl: sourceUrl, out: plainFile, recipients: null });
    const text = gunzipSync(readFileSync(plainFile)).toString("utf8");
    expect(text).toContain("Entry 1, corrected");
    const tampered = path.join(work, "tampered.debrief");
    writeFileSync(tampered, gzipSync(Buffer.from(text.replace("Entry 1, corrected", "Entry 1, falsified"))));
    const target = freshTarget();
    const err = await restoreBackup({ file: tampered, identityFile: null, databaseUrl: target.url }).catch((e: unknown) => e);
    expect((err as BackupError).kind).toBe("damaged");
    expect((err as Error).message).toMatch(/SHA-256 checksum does not match/);
    expect(filesIn(target.dir)).toEqual([]);
    // The untouched plain backup restores without an identity.
    await restoreBackup({ file: plainFile, identityFile: null, databaseUrl: target.url });
    expect(dumpTables(target.file)).toEqual(dumpTables(sqliteFile(sourceUrl)));
  });
});

/** A plain backup rebuilt from edited lines, with a correct checksum and counts: only the content is wrong. */
function rebuiltBackup(file: string, edit: (lines: unknown[]) => unknown[]): string {
  const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
  const body = edit(lines.slice(0, -1));
  const header = body[0] as { tables: { name: string; rows: number }[] };
  const rows: Record<string, number> = {};
  let current = "";
  for (const line of body.slice(1)) {
    if (Array.isArray(line)) rows[current] = (rows[current] ?? 0) + 1;
    else {
      current = (line as { table: string }).table;
      rows[current] = 0;
    }
  }
  header.tables = Object.entries(rows).map(([name, n]) => ({ name, rows: n }));
  const text = body.map((l) => `${JSON.stringify(l)}\n`).join("");
  const trailer = { end: true, rows, sha256: createHash("sha256").update(text).digest("hex") };
  const out = path.join(work, `crafted-${Math.random().toString(36).slice(2)}.debrief`);
  writeFileSync(out, gzipSync(`${text}${JSON.stringify(trailer)}\n`));
  return out;
}

describe("hand-made backups", () => {
  it("never restores the migration history, and refuses a value that does not fit its column", async () => {
    const plainFile = path.join(work, "for-crafting.debrief");
    await backupDatabase({ databaseUrl: sourceUrl, out: plainFile, recipients: null });

    const migrations = rebuiltBackup(plainFile, (lines) => [
      ...lines,
      { table: "_prisma_migrations", columns: [{ name: "id", type: "string", nullable: false }] },
      ["injected"],
    ]);
    const target = freshTarget();
    const err = await restoreBackup({ file: migrations, identityFile: null, databaseUrl: target.url }).catch((e: unknown) => e);
    expect((err as BackupError).kind).toBe("data");
    expect((err as Error).message).toMatch(/_prisma_migrations, which a backup never restores/);
    expect(filesIn(target.dir)).toEqual([]);

    const wrongType = rebuiltBackup(plainFile, (lines) => {
      const at = lines.findIndex((l) => !Array.isArray(l) && (l as { table?: string }).table === "TimelineEvent");
      const row = [...(lines[at + 1] as unknown[])];
      row[2] = "yesterday"; // occurredAt
      return [...lines.slice(0, at + 1), row, ...lines.slice(at + 2)];
    });
    const err2 = await restoreBackup({ file: wrongType, identityFile: null, databaseUrl: target.url }).catch((e: unknown) => e);
    expect((err2 as BackupError).kind).toBe("damaged");
    expect((err2 as Error).message).toMatch(/TimelineEvent\.occurredAt in row 1 must be an ISO 8601 UTC instant/);
    expect(filesIn(target.dir)).toEqual([]);

    // The same edit machinery, with no edit, restores fine: the refusals above are about content.
    const untouched = rebuiltBackup(plainFile, (lines) => lines);
    await restoreBackup({ file: untouched, identityFile: null, databaseUrl: target.url });
    expect(dumpTables(target.file)).toEqual(dumpTables(sqliteFile(sourceUrl)));
  });
});

describe("npm run backup / restore (CLI)", () => {
  it("refuses to write an unencrypted backup unless --no-encrypt asks for one", async () => {
    const out = path.join(work, "refused.age");
    const refused = await runScript("backup", ["--out", out], { DATABASE_URL: sourceUrl });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/refusing to write an unencrypted backup/);
    expect(existsSync(out)).toBe(false);

    const plain = path.join(work, "cli-plain.debrief");
    const ok = await runScript("backup", ["--out", plain, "--no-encrypt"], { DATABASE_URL: sourceUrl });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/NOT encrypted/);
    expect(readFileSync(plain).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it("backs up to DEBRIEF_BACKUP_RECIPIENT and restores with --identity", async () => {
    const out = path.join(work, "cli.age");
    const backup = await runScript("backup", ["--out", out], { DATABASE_URL: sourceUrl, DEBRIEF_BACKUP_RECIPIENT: key.recipient });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/encrypted to 1 recipient/);
    // Never overwrites a file.
    const again = await runScript("backup", ["--out", out], { DATABASE_URL: sourceUrl, DEBRIEF_BACKUP_RECIPIENT: key.recipient });
    expect(again.code).toBe(1);

    const target = freshTarget();
    const restore = await runScript("restore", [out, "--identity", key.identityFile], { DATABASE_URL: target.url });
    expect(restore.code, restore.stderr).toBe(0);
    expect(dumpTables(target.file)).toEqual(dumpTables(sqliteFile(sourceUrl)));
  });

  const damagedCases: [string, (file: string) => string, string, RegExp][] = [
    ["a wrong identity", (f) => f, "other", /is not encrypted to the identity in/],
    [
      "a truncated file",
      (f) => {
        const out = `${f}.truncated`;
        const bytes = readFileSync(f);
        writeFileSync(out, bytes.subarray(0, bytes.length - 100));
        return out;
      },
      "key",
      /damaged or truncated/,
    ],
    [
      "an altered byte",
      (f) => {
        const out = `${f}.altered`;
        const bytes = Buffer.from(readFileSync(f));
        const at = Math.floor(bytes.length * 0.6);
        bytes[at] = (bytes[at] ?? 0) ^ 0x01;
        writeFileSync(out, bytes);
        return out;
      },
      "key",
      /damaged or truncated/,
    ],
  ];

  it.each(damagedCases)("refuses %s with one error line, a non-zero exit and nothing written, even with --force", async (_name, make, which, message) => {
    const file = make(encrypted);
    const identity = which === "key" ? key.identityFile : otherKey.identityFile;
    // Into a fresh path: no database appears.
    const fresh = freshTarget();
    const first = await runScript("restore", [file, "--identity", identity], { DATABASE_URL: fresh.url });
    expect(first.code).toBe(1);
    expect(first.stderr.trim().split("\n")).toHaveLength(1);
    expect(first.stderr).toMatch(message);
    expect(filesIn(fresh.dir)).toEqual([]);

    // Over an existing database with --force: it stays byte for byte.
    const existing = freshTarget();
    copyFileSync(sqliteFile(sourceUrl), existing.file);
    const before = sha256(existing.file);
    const forced = await runScript("restore", [file, "--identity", identity, "--force"], { DATABASE_URL: existing.url });
    expect(forced.code).toBe(1);
    expect(forced.stderr.trim().split("\n")).toHaveLength(1);
    expect(sha256(existing.file)).toBe(before);
    expect(filesIn(existing.dir)).toEqual(["debrief.db"]);
  });

  it("refuses a database that holds data unless --force, which keeps the old file beside the restored one", async () => {
    const target = freshTarget();
    const empty = await restoreBackup({ file: encrypted, identityFile: key.identityFile, databaseUrl: target.url });
    expect(empty.replaced).toBeNull();
    const before = sha256(target.file);
    const beforeRows = dumpTables(target.file);

    const refused = await runScript("restore", [encrypted, "--identity", key.identityFile], { DATABASE_URL: target.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/already holds data .* pass --force/);
    expect(sha256(target.file)).toBe(before);

    const forced = await runScript("restore", [encrypted, "--identity", key.identityFile, "--force"], { DATABASE_URL: target.url });
    expect(forced.code, forced.stderr).toBe(0);
    const kept = /kept as (.+)$/m.exec(forced.stdout)?.[1] ?? "";
    expect(path.dirname(kept)).toBe(target.dir);
    // The same rows (its WAL was folded in before it was set aside).
    expect(dumpTables(kept)).toEqual(beforeRows);
    expect(dumpTables(target.file)).toEqual(dumpTables(sqliteFile(sourceUrl)));
  });
});

// Backup and restore of a database with 100,000 timeline entries (plus one
// revision in ten, an audit row per entry, postmortems and action items),
// seeded through SQL, beside a plain SQLite file backup (better-sqlite3's
// db.backup(), unencrypted, uncompressed) of the same database in the same
// run. Also: how long the server's thread stalls while a scheduled backup
// runs in its worker thread, against the same backup run on that thread.
//
//   npm run bench                                                   (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/backup.ts    (alone)
import { randomUUID } from "node:crypto";
import { rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { createTempDatabase } from "../../test/support/temp-db";
import { seedIdentities } from "../../test/support/identities";
import { backupDatabase } from "../../lib/backup/backup";
import { backupInWorker } from "../../lib/backup/run-in-worker";
import { restoreBackup } from "../../lib/backup/restore";
import { formatBytes } from "../../lib/backup/describe";
import { fmt, fmtInt, heading } from "./stats";
import { longestStall, seededRandom } from "./harness";
import { runStandalone } from "./standalone";

const ENTRIES = 100_000;
const INCIDENTS = 50;
const WORDS = "checkout api 503 rising rollback deploy latency p99 database replica lag failover paged oncall customer impact mitigated dns cache purge config push edge proxy memory limit restart canary traffic shift".split(" ");

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export function seed(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const rand = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const sentence = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min)) }, () => pick(WORDS)).join(" ");
  const start = Date.UTC(2026, 0, 1);
  const insert = {
    incident: db.prepare(`INSERT INTO "Incident" (id, number, title, summary, severity, status, postmortemStatus, declaredStartedAt, startedAt, services, createdById, createdAt, updatedAt, version, eventCount) VALUES (?, ?, ?, ?, ?, 'resolved', 'published', ?, ?, ?, 'bench', ?, ?, 1, ?)`),
    event: db.prepare(`INSERT INTO "TimelineEvent" (id, incidentId, occurredAt, recordedAt, authorId, authorName, kind, statusLabel, body, key, visibility, updatedAt, version) VALUES (?, ?, ?, ?, 'bench', 'Bench Responder', ?, ?, ?, ?, 'internal', ?, ?)`),
    revision: db.prepare(`INSERT INTO "TimelineEventRevision" (id, eventId, version, occurredAt, kind, body, key, visibility, editorId, editorName, editedAt) VALUES (?, ?, 1, ?, 'note', ?, 0, 'internal', 'bench', 'Bench Responder', ?)`),
    audit: db.prepare(`INSERT INTO "AuditLog" (id, at, actorId, actorName, incidentId, entity, entityId, action, after) VALUES (?, ?, 'bench', 'Bench Responder', ?, 'event', ?, 'create', ?)`),
    postmortem: db.prepare(`INSERT INTO "Postmortem" (id, incidentId, summary, impact, rootCause, resolution, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    service: db.prepare(`INSERT INTO "ImpactedService" (id, postmortemId, position, service, impact) VALUES (?, ?, ?, ?, ?)`),
    factor: db.prepare(`INSERT INTO "ContributingFactor" (id, postmortemId, position, title, description) VALUES (?, ?, ?, ?, ?)`),
    item: db.prepare(`INSERT INTO "ActionItem" (id, incidentId, contributingFactorId, title, owner, createdById, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 'bench', ?, ?)`),
  };
  db.transaction(() => {
    const perIncident = ENTRIES / INCIDENTS;
    for (let n = 0; n < INCIDENTS; n++) {
      const incidentId = randomUUID();
      const t0 = start + n * 86_400_000;
      insert.incident.run(incidentId, n + 1, `Incident ${n + 1}: ${sentence(3, 8)}`, sentence(20, 60), pick(["SEV1", "SEV2", "SEV3"]), iso(t0), iso(t0), JSON.stringify(["Checkout API", "Edge"]), iso(t0), iso(t0), perIncident);
      for (let i = 0; i < perIncident; i++) {
        const id = randomUUID();
        const at = iso(t0 + i * 1000);
        const body = sentence(8, 60);
        insert.event.run(id, incidentId, at, at, pick(["note", "action", "decision", "alert"]), i % 50 === 0 ? "Status." : null, body, i % 50 === 0 ? 1 : 0, at, i % 10 === 0 ? 2 : 1);
        insert.audit.run(randomUUID(), at, incidentId, id, JSON.stringify({ occurredAt: at, body, kind: "note", key: false, visibility: "internal" }));
        if (i % 10 === 0) insert.revision.run(randomUUID(), id, at, sentence(8, 40), at);
      }
      const pm = randomUUID();
      insert.postmortem.run(pm, incidentId, sentence(60, 120), sentence(80, 200), sentence(100, 300), sentence(60, 150), iso(t0));
      for (let s = 0; s < 2; s++) insert.service.run(randomUUID(), pm, s, `Service ${s}`, sentence(10, 30));
      const factors = Array.from({ length: 3 }, (_, f) => {
        const id = randomUUID();
        insert.factor.run(id, pm, f, `Factor ${f}`, sentence(20, 60));
        return id;
      });
      for (let a = 0; a < 10; a++) insert.item.run(randomUUID(), incidentId, pick(factors), `Remediation ${a}: ${sentence(3, 8)}`, pick(["Ana", "Bo", null]), iso(t0), iso(t0));
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

const size = (file: string) => statSync(file).size;
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * The longest the event loop went without running a 5 ms timer while `fn`
 * ran: the timer runs 50 ms first to settle, and 20 ms after `fn` to catch a
 * stall at its very end.
 */
async function maxStall(fn: () => Promise<unknown>): Promise<number> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const { stallMs } = await longestStall(async () => {
    await sleep(50);
    await fn();
    await sleep(20);
  }, 5);
  return stallMs;
}

export async function benchBackup(): Promise<void> {
  heading(`Backup and restore (${fmtInt(ENTRIES)} timeline entries)`);
  const { url, dir } = await createTempDatabase();
  const file = url.slice("file:".length);
  try {
    await seedIdentities(url);
    const seeded = await timed(async () => seed(file));
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const keyFile = path.join(dir, "key.txt");
    writeFileSync(keyFile, `${identity}\n`);
    console.log(`database: ${formatBytes(size(file))}, seeded through SQL in ${seconds(seeded.ms)} (${fmtInt(ENTRIES)} entries, ${fmtInt(ENTRIES / 10)} revisions, ${fmtInt(ENTRIES)} audit rows, ${INCIDENTS} postmortems, ${INCIDENTS * 10} action items)`);

    const copy = path.join(dir, "plain-copy.db");
    const plain = await timed(async () => {
      const db = new Database(file, { readonly: true });
      try {
        await db.backup(copy);
      } finally {
        db.close();
      }
    });
    console.log(`SQLite db.backup() copy:         ${seconds(plain.ms).padStart(8)}   ${formatBytes(size(copy)).padStart(8)}   (baseline: unencrypted, uncompressed)`);

    const encrypted = path.join(dir, "backup.age");
    // Streaming keeps memory flat: no array of rows, no whole-file string.
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 10);
    const enc = await timed(() => backupDatabase({ databaseUrl: url, out: encrypted, recipients: [recipient] }));
    clearInterval(sampler);
    console.log(`npm run backup (age-encrypted):  ${seconds(enc.ms).padStart(8)}   ${formatBytes(enc.value.bytes).padStart(8)}   (VACUUM INTO snapshot + JSON lines + gzip + age; RSS at most +${formatBytes(Math.max(0, rssMax - rssBefore))} over before)`);

    const clear = path.join(dir, "backup.debrief");
    const unenc = await timed(() => backupDatabase({ databaseUrl: url, out: clear, recipients: null }));
    console.log(`npm run backup --no-encrypt:     ${seconds(unenc.ms).padStart(8)}   ${formatBytes(unenc.value.bytes).padStart(8)}`);

    const target = path.join(dir, "restored", "debrief.db");
    const restored = await timed(() => restoreBackup({ file: encrypted, identityFile: keyFile, databaseUrl: `file:${target}` }));
    console.log(`npm run restore (fresh SQLite):  ${seconds(restored.ms).padStart(8)}   ${formatBytes(size(target)).padStart(8)}   (decrypt + verify + migrate + insert, one rename)`);

    // The server's thread during a scheduled backup (worker) vs the same work on it.
    const inWorker = await maxStall(() => backupInWorker({ databaseUrl: url, out: path.join(dir, "worker.age"), recipients: [recipient] }));
    const onThread = await maxStall(() => backupDatabase({ databaseUrl: url, out: path.join(dir, "thread.age"), recipients: [recipient] }));
    console.log(`server thread's longest stall during a backup: ${fmt(inWorker)} ms in a worker thread (as scheduled), ${fmt(onThread)} ms if run on the thread`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchBackup);

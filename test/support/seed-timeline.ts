import { randomUUID } from "node:crypto";
import type { Actor } from "../../lib/auth/actor";
import { LOCAL_ACTOR } from "../../lib/auth/actor";
import { closeDb, getDb } from "../../lib/db/client";
import { createIncident } from "../../lib/incidents/service";
import { recomputeKeyTimes } from "../../lib/incidents/key-times";
import { insertEvents, type EventInsert } from "../../lib/timeline/bulk-insert";
import type { EventKind, Milestone } from "../../lib/timeline/schemas";

// A long incident as an alert bot and a few responders write it: mostly
// short alert lines, some notes and actions, a few long multi-line entries,
// the four milestones and some starred entries. Written through the
// service layer's bulk insert (the import's path), not thousands of HTTP
// posts, so a 10,000-entry incident takes a second or two.

const PEOPLE: Actor[] = [
  { id: "seed-alice", name: "Alice Oncall", role: "responder", kind: "user" },
  { id: "seed-bob", name: "Bob Database", role: "responder", kind: "user" },
  { id: "seed-bot", name: "Alertmanager bot", role: "responder", kind: "api_key" },
];

const ALERTS = [
  "HighErrorRate checkout-api 5xx ratio 0.31 > 0.05 (eu-west-1)",
  "PostgresReplicationLag replica-3 lag 48s > 10s",
  "KubePodCrashLooping payments/worker-7f9c restarted 6 times",
  "LatencyP99High edge-gateway p99 2.4s > 800ms",
];
const NOTES = [
  "Paged the database on-call; Bob is looking at replica lag.",
  "Customers report failed card payments in the EU storefront.",
  "Deploy 4521 went out at 09:02; checking whether it lines up with the first errors.",
  "Rolled back deploy 4521 on two of six nodes, watching error rate.",
];
const LONG = [
  "Summary so far:\n- 5xx on checkout since 09:12\n- replica-3 lagging, primary healthy\n- rollback of 4521 did not help on its own\nNext: fail over replica-3 and drain the EU pool.",
];

export type SeededIncident = { id: string; number: number; title: string; startedAt: Date; eventIds: string[]; milestones: Record<Milestone, Date> };

export type SeedOptions = {
  title?: string;
  count: number;
  /** When the first entry happened (default: count × step before now). */
  start?: Date;
  /** Time between entries (default 20 s). */
  stepMs?: number;
};

function entry(i: number, count: number, start: number, stepMs: number, milestones: Map<number, Milestone>): EventInsert {
  const occurredAt = new Date(start + i * stepMs);
  const milestone = milestones.get(i) ?? null;
  const actor = PEOPLE[i % 7 === 0 ? 0 : i % 11 === 0 ? 1 : 2] ?? LOCAL_ACTOR;
  let kind: EventKind = "alert";
  let body = `${ALERTS[i % ALERTS.length]} #${i + 1}`;
  if (actor.id !== "seed-bot") {
    kind = i % 3 === 0 ? "action" : "note";
    body = `${i % 97 === 0 ? LONG[0] : NOTES[i % NOTES.length]} (entry ${i + 1} of ${count})`;
  }
  if (milestone) {
    kind = "note";
    body = `Milestone ${milestone.replace("_", " ")} (entry ${i + 1} of ${count})`;
  }
  return {
    id: randomUUID(),
    incidentId: "",
    occurredAt,
    endedAt: null,
    recordedAt: occurredAt,
    kind,
    milestone,
    statusLabel: null,
    body,
    key: Boolean(milestone) || i % 250 === 0,
    visibility: "internal",
    actor,
  };
}

/**
 * Declare an incident in the database at `databaseUrl` and write `count`
 * timeline entries into it, oldest first, `stepMs` apart. Milestones sit at
 * 5 % (impact start), 10 % (detected), 50 % (mitigated) and 90 % (resolved)
 * of the timeline.
 */
export async function seedTimeline(databaseUrl: string, opts: SeedOptions): Promise<SeededIncident> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    const stepMs = opts.stepMs ?? 20_000;
    const start = (opts.start ?? new Date(Date.now() - opts.count * stepMs - 60_000)).getTime();
    const at = (share: number) => Math.min(opts.count - 1, Math.floor(opts.count * share));
    const milestones = new Map<number, Milestone>();
    if (opts.count >= 4) {
      milestones.set(at(0.05), "impact_start");
      milestones.set(at(0.1), "detected");
      milestones.set(at(0.5), "mitigated");
      milestones.set(at(0.9), "resolved");
    }
    const title = opts.title ?? `Seeded incident with ${opts.count} entries`;
    const incident = await createIncident({ input: { title, severity: "SEV1", startedAt: new Date(start).toISOString() }, actor: LOCAL_ACTOR });
    const db = await getDb();
    const eventIds: string[] = [];
    const milestoneTimes = {} as Record<Milestone, Date>;
    for (let from = 0; from < opts.count; from += 500) {
      const rows = Array.from({ length: Math.min(500, opts.count - from) }, (_, k) => {
        const row = entry(from + k, opts.count, start, stepMs, milestones);
        if (row.milestone) milestoneTimes[row.milestone] = row.occurredAt;
        return { ...row, incidentId: incident.id };
      });
      eventIds.push(...rows.map((r) => r.id));
      await db.$transaction(async (tx) => {
        await insertEvents(tx, rows);
        await tx.incident.update({ where: { id: incident.id }, data: { eventCount: { increment: rows.length } } });
      });
    }
    await db.$transaction((tx) => recomputeKeyTimes(tx, incident.id));
    const stored = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    if (!stored.startedAt) throw new Error("seeded incident has no impact start");
    return { id: incident.id, number: incident.number, title, startedAt: stored.startedAt, eventIds, milestones: milestoneTimes };
  } finally {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

/**
 * Write `count` more entries into an existing incident, `stepMs` apart and
 * ending now (the way a bot floods an incident while someone is away).
 * Returns their bodies in order.
 */
export async function appendEntries(databaseUrl: string, incidentId: string, count: number, label: string, stepMs = 1_000): Promise<string[]> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    const db = await getDb();
    const now = Date.now();
    const actor = PEOPLE[2] ?? LOCAL_ACTOR;
    const rows: EventInsert[] = Array.from({ length: count }, (_, i) => {
      const at = new Date(now - (count - 1 - i) * stepMs);
      return { id: randomUUID(), incidentId, occurredAt: at, endedAt: null, recordedAt: new Date(now), kind: "alert", milestone: null, statusLabel: null, body: `${label} ${i + 1} of ${count}`, key: false, visibility: "internal", actor };
    });
    for (let from = 0; from < rows.length; from += 500) {
      const slice = rows.slice(from, from + 500);
      await db.$transaction(async (tx) => {
        await insertEvents(tx, slice);
        await tx.incident.update({ where: { id: incidentId }, data: { eventCount: { increment: slice.length } } });
      });
    }
    return rows.map((r) => r.body);
  } finally {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

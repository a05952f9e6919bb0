// People and roles at scale, on a temporary SQLite database, through the
// services (no HTTP): 2,000 accounts (50 pairs sharing a name) and 20,000
// action items whose owners were typed before accounts were linked (names
// in any case, emails, shared names, people without an account), plus 1,000
// incidents with a free-text commander and scribe.
//
// - the start-up backfill that keys and links all of it (once per database);
// - the people typeahead (GET /api/v1/people) beside a lookup by primary key;
// - the owner filter that ignores case beside a status filter;
// - giving a role (assignment + timeline entry + audit, one transaction)
//   beside writing a plain timeline entry.
//
//   npm run bench                                                    (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/people.ts    (alone)
import { randomUUID } from "node:crypto";
import { getDb } from "../../lib/db/client";
import { LOCAL_ACTOR } from "../../lib/auth/actor";
import { backfillPeople } from "../../lib/people/backfill";
import { searchPeople } from "../../lib/people/lookup";
import { findActionItemPage, pageRequest } from "../../lib/action-items/query";
import { ZListActionItems } from "../../lib/action-items/schemas";
import { assignIncidentRole } from "../../lib/incident-roles/assignments";
import { createTimelineEvent } from "../../lib/timeline/service";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { sampleMs, seededRandom, withTempDatabase } from "./harness";
import { runStandalone } from "./standalone";

const USERS = 2_000;
const TWIN_PAIRS = 50;
const ITEMS = 20_000;
const INCIDENTS = 1_000;
const RUNS = 300;
const WARMUP = 20;

const FIRST = ["Alice", "Bo", "Chen", "Dana", "Emeka", "Farah", "Gustav", "Hana", "Ines", "Jamal", "Kenji", "Lena", "Mateo", "Noor", "Olga", "Priya"];
const LAST = ["Andersen", "Bauer", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Lopez", "Moreau", "Novak"];

type Seeded = { names: string[]; userIds: string[]; incidentId: string };

async function seed(): Promise<Seeded> {
  const db = await getDb();
  const rand = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  // Written as before accounts were linked: no match keys.
  const users = Array.from({ length: USERS }, (_, i) => {
    const twin = i < TWIN_PAIRS * 2;
    const name = twin ? `Twin ${Math.floor(i / 2)} Sharedname` : `${pick(FIRST)} ${pick(LAST)} ${i}`;
    return { id: randomUUID(), name, email: `person${i}@example.com`, role: "responder" };
  });
  for (let i = 0; i < users.length; i += 500) await db.user.createMany({ data: users.slice(i, i + 500) });
  const now = Date.now();
  const incidents = Array.from({ length: INCIDENTS }, (_, i) => ({
    id: randomUUID(),
    number: i + 1,
    title: `Incident ${i + 1}`,
    severity: "SEV3",
    declaredStartedAt: new Date(now - i * 3_600_000),
    startedAt: new Date(now - i * 3_600_000),
    createdById: "bench",
    commander: pick(users).name.toLowerCase(),
    scribe: rand() < 0.5 ? `Contractor ${i}` : null,
  }));
  for (let i = 0; i < incidents.length; i += 500) await db.incident.createMany({ data: incidents.slice(i, i + 500) });
  const owner = (): string | null => {
    const r = rand();
    const u = pick(users);
    if (r < 0.4) return u.name;
    if (r < 0.6) return u.name.toUpperCase();
    if (r < 0.7) return u.email;
    if (r < 0.8) return `Twin ${Math.floor(rand() * TWIN_PAIRS)} Sharedname`;
    if (r < 0.95) return `Vendor ${Math.floor(rand() * 300)}`;
    return null;
  };
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    id: randomUUID(),
    incidentId: pick(incidents).id,
    title: `Remediation ${i + 1}`,
    owner: owner(),
    status: pick(["open", "in_progress", "done"]),
    createdById: "bench",
  }));
  for (let i = 0; i < items.length; i += 500) await db.actionItem.createMany({ data: items.slice(i, i + 500) });
  return { names: users.slice(TWIN_PAIRS * 2).map((u) => u.name), userIds: users.slice(TWIN_PAIRS * 2).map((u) => u.id), incidentId: incidents[0]?.id ?? "" };
}

const time = (runs: number, fn: (i: number) => Promise<unknown>) => sampleMs(runs, WARMUP, fn);

function line(label: string, samples: number[]): void {
  const s = summarize(samples);
  console.log(`${label.padEnd(46)} p50 ${fmt(s.p50, 2).padStart(7)} ms   p95 ${fmt(s.p95, 2).padStart(7)} ms   (n=${s.n})`);
}

export async function benchPeople(): Promise<void> {
  heading(`People and roles (${fmtInt(USERS)} accounts, ${fmtInt(ITEMS)} action items, ${fmtInt(INCIDENTS)} incidents)`);
  await withTempDatabase(async () => {
    const seeded = await seed();
    const t0 = performance.now();
    const summary = await backfillPeople();
    const ms = performance.now() - t0;
    console.log(
      `start-up backfill: ${fmtInt(ms)} ms for ${fmtInt(summary.users)} accounts, ${fmtInt(summary.actionItems)} owners (${fmtInt(summary.linkedActionItems)} linked), ` +
        `${fmtInt(summary.legacyRoles)} old commanders/scribes (${fmtInt(summary.linkedRoleHolders)} linked) — ${fmtInt(((summary.actionItems + summary.legacyRoles) / ms) * 1000)} rows/s`,
    );
    const again = performance.now();
    await backfillPeople();
    console.log(`backfill on every later start (nothing left):      ${fmt(performance.now() - again, 1)} ms`);

    const db = await getDb();
    const rand = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    line("baseline: one account by primary key", await time(RUNS, () => db.user.findUnique({ where: { id: pick(seeded.userIds) } })));
    line("people typeahead, 2–4 letter prefix", await time(RUNS, () => searchPeople({ query: { q: pick(seeded.names).slice(0, 2 + Math.floor(rand() * 3)) }, actor: LOCAL_ACTOR })));
    line("people typeahead, a later word of the name", await time(RUNS, () => searchPeople({ query: { q: pick(LAST).slice(0, 3) }, actor: LOCAL_ACTOR })));

    const page = (query: Record<string, string>) => findActionItemPage(db, pageRequest(ZListActionItems.parse(query), new Date()));
    line("baseline: action items by status, page 1", await time(RUNS, () => page({ status: "open" })));
    line("action items by owner, any case", await time(RUNS, () => page({ owner: pick(seeded.names).toUpperCase() })));
    line("action items by owner email (its account)", await time(RUNS, (i) => page({ owner: `person${(i % (USERS - 200)) + 200}@example.com` })));

    const incidentId = seeded.incidentId;
    line(
      "baseline: a timeline entry",
      await time(RUNS, (i) => createTimelineEvent({ incidentId, input: { body: `Entry ${i}` }, actor: LOCAL_ACTOR })),
    );
    line(
      "give a role (assignment, entry, audit; 1 tx)",
      await time(RUNS, (i) => assignIncidentRole({ incidentId, roleKey: "commander", input: { userId: seeded.userIds[i % 2] ?? "" }, actor: LOCAL_ACTOR })),
    );
  });
}

if (require.main === module) runStandalone(benchPeople);

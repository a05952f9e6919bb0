import "server-only";
import { getDb, type Db } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { parseServices } from "../incidents/dto";
import { SEVERITIES } from "../incidents/schemas";
import { FACTOR_CATEGORIES, type FactorCategory } from "../postmortem/document";
import { startOfUtcDay } from "../action-items/dates";
import { isClosedStatus } from "../action-items/schemas";
import { summarizeDurations, type DurationSummary } from "./stats";
import { METRICS_LIMITS, ZMetricsQuery, monthKey, monthsOf, type MetricsQuery } from "./schemas";
import { METRIC_NAMES, type MetricName } from "./definitions";

export type DurationFigure = DurationSummary & {
  /** Incidents without the end milestone. */
  missing: number;
  /** Durations below zero (a milestone before the impact start): data errors, left out. */
  negative: number;
};
export type MetricGroup = { incidents: number } & Record<MetricName, DurationFigure>;

/** overdueAtEnd: at the month's end (now for the current month); null for months still ahead. */
export type ActionItemMonth = { month: string; created: number; closed: number; overdueAtEnd: number | null };
export type IncidentMetrics = {
  window: { from: Date; to: Date };
  filters: { severity: string[] | null; service: string | null };
} & MetricGroup & {
  bySeverity: Array<{ severity: string } & MetricGroup>;
  byMonth: Array<{ month: string } & MetricGroup>;
  actionItems: {
    total: number;
    closed: number;
    /** closed / total; null without items. */
    closureRate: number | null;
    overdueNow: number;
    byMonth: ActionItemMonth[];
  };
  contributingFactors: {
    byCategory: Record<FactorCategory, number>;
    byMonth: Array<{ month: string } & Record<FactorCategory, number>>;
  };
  /** The services with the most incidents in the window, most first. */
  services: Array<{ service: string; incidents: number }>;
};

// Incidents are read a page at a time: memory stays bounded and the
// thread is given back between pages.
const PAGE = 1_000;

type IncidentRow = { id: string; severity: string; startedAt: Date; detectedAt: Date | null; mitigatedAt: Date | null; resolvedAt: Date | null; services: string };

/** Collects durations of one group (overall, a severity, a month). */
class Group {
  incidents = 0;
  private readonly seconds: Record<MetricName, number[]> = { mttd: [], mttm: [], mttr: [] };
  private readonly missing: Record<MetricName, number> = { mttd: 0, mttm: 0, mttr: 0 };
  private readonly negative: Record<MetricName, number> = { mttd: 0, mttm: 0, mttr: 0 };

  add(row: IncidentRow): void {
    this.incidents++;
    const ends: Record<MetricName, Date | null> = { mttd: row.detectedAt, mttm: row.mitigatedAt, mttr: row.resolvedAt };
    for (const name of METRIC_NAMES) {
      const end = ends[name];
      if (!end) this.missing[name]++;
      else {
        const ms = end.getTime() - row.startedAt.getTime();
        if (ms < 0) this.negative[name]++;
        else this.seconds[name].push(ms / 1000);
      }
    }
  }

  result(): MetricGroup {
    const figure = (name: MetricName): DurationFigure => ({ ...summarizeDurations(this.seconds[name]), missing: this.missing[name], negative: this.negative[name] });
    return { incidents: this.incidents, mttd: figure("mttd"), mttm: figure("mttm"), mttr: figure("mttr") };
  }
}

const serviceKey = (name: string) => name.trim().toLowerCase();
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pages of the window's incidents (severity filtered in SQL), oldest id first. */
async function* incidentPages(db: Db, q: MetricsQuery): AsyncGenerator<IncidentRow[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.incident.findMany({
      where: { deletedAt: null, startedAt: { gte: q.from, lt: q.to }, ...(q.severity ? { severity: { in: q.severity } } : {}) },
      select: { id: true, severity: true, startedAt: true, detectedAt: true, mitigatedAt: true, resolvedAt: true, services: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    // The window filter leaves out incidents whose start is unknown (imported without a timeline).
    yield rows.flatMap(({ startedAt, ...r }) => (startedAt ? [{ ...r, startedAt }] : []));
    if (rows.length < PAGE) return;
    cursor = rows.at(-1)?.id;
  }
}

/** Each incident's services: its affected services and its postmortem's impacted ones, by lower-case key. */
async function servicesOf(db: Db, rows: IncidentRow[]): Promise<Map<string, Map<string, string>>> {
  const impacted = await db.impactedService.findMany({
    where: { postmortem: { incidentId: { in: rows.map((r) => r.id) } } },
    select: { service: true, postmortem: { select: { incidentId: true } } },
  });
  const out = new Map<string, Map<string, string>>();
  const add = (incidentId: string, name: string) => {
    const trimmed = name.trim();
    if (!trimmed) return;
    let names = out.get(incidentId);
    if (!names) out.set(incidentId, (names = new Map()));
    if (!names.has(serviceKey(trimmed))) names.set(serviceKey(trimmed), trimmed);
  };
  for (const r of rows) for (const s of parseServices(r.services)) add(r.id, s);
  for (const s of impacted) add(s.postmortem.incidentId, s.service);
  return out;
}

function emptyCategories(): Record<FactorCategory, number> {
  return Object.fromEntries(FACTOR_CATEGORIES.map((c) => [c, 0])) as Record<FactorCategory, number>;
}

function categoryOf(value: string): FactorCategory {
  return FACTOR_CATEGORIES.find((c) => c === value) ?? "technical";
}

/**
 * MTTD, MTTM and MTTR over a window of incidents (overall, per severity, per
 * month), with their action items, contributing factors and services.
 * lib/metrics/definitions.ts says what each figure means.
 */
export async function getIncidentMetrics({ query = {}, actor, now = new Date() }: { query?: unknown; actor: Actor; now?: Date }): Promise<IncidentMetrics> {
  authorize(actor, "incidents.read");
  const q = parseInput(ZMetricsQuery, query);
  const db = await getDb();
  const months = monthsOf(q.from, q.to);
  const wanted = q.service ? serviceKey(q.service) : null;

  const overall = new Group();
  const bySeverity = new Map(SEVERITIES.map((s) => [s as string, new Group()]));
  const byMonth = new Map(months.map((m) => [m, new Group()]));
  const factorMonths = new Map(months.map((m) => [m, emptyCategories()]));
  const factorTotals = emptyCategories();
  const serviceCounts = new Map<string, { names: Map<string, number>; incidents: number }>();
  // The instant each month's overdue count is taken: its end, or now for the current month.
  const monthEnds = months.flatMap((m) => {
    const [y = 1970, mo = 1] = m.split("-").map(Number);
    const start = Date.UTC(y, mo - 1, 1);
    const end = Date.UTC(y, mo, 1);
    return start > now.getTime() ? [] : [{ month: m, at: new Date(Math.min(end, now.getTime())) }];
  });
  const counted = new Set(monthEnds.map((m) => m.month));
  const itemMonths = new Map(
    months.map((m): [string, ActionItemMonth] => [m, { month: m, created: 0, closed: 0, overdueAtEnd: counted.has(m) ? 0 : null }]),
  );
  const items = { total: 0, closed: 0, overdueNow: 0 };
  const today = startOfUtcDay(now);

  for await (const page of incidentPages(db, q)) {
    const services = await servicesOf(db, page);
    const rows = wanted ? page.filter((r) => services.get(r.id)?.has(wanted)) : page;
    if (rows.length === 0) continue;
    const monthOf = new Map<string, string>();
    for (const r of rows) {
      const month = monthKey(r.startedAt);
      monthOf.set(r.id, month);
      overall.add(r);
      bySeverity.get(r.severity)?.add(r);
      byMonth.get(month)?.add(r);
      for (const [key, name] of services.get(r.id) ?? []) {
        const entry = serviceCounts.get(key) ?? { names: new Map<string, number>(), incidents: 0 };
        entry.incidents++;
        entry.names.set(name, (entry.names.get(name) ?? 0) + 1);
        serviceCounts.set(key, entry);
      }
    }
    const ids = rows.map((r) => r.id);
    const [factors, actionItems] = await Promise.all([
      db.contributingFactor.findMany({ where: { postmortem: { incidentId: { in: ids } } }, select: { category: true, postmortem: { select: { incidentId: true } } } }),
      db.actionItem.findMany({ where: { incidentId: { in: ids } }, select: { status: true, createdAt: true, closedAt: true, dueDate: true } }),
    ]);
    for (const f of factors) {
      const category = categoryOf(f.category);
      factorTotals[category]++;
      const month = factorMonths.get(monthOf.get(f.postmortem.incidentId) ?? "");
      if (month) month[category]++;
    }
    for (const item of actionItems) {
      const closed = isClosedStatus(item.status);
      items.total++;
      if (closed) items.closed++;
      else if (item.dueDate && item.dueDate.getTime() < today.getTime()) items.overdueNow++;
      const created = itemMonths.get(monthKey(item.createdAt));
      if (created) created.created++;
      const closedMonth = closed && item.closedAt ? itemMonths.get(monthKey(item.closedAt)) : undefined;
      if (closedMonth) closedMonth.closed++;
      if (!item.dueDate) continue;
      // A closed item without a close time (old data) counts as closed from its start.
      const closedAt = closed ? (item.closedAt ?? item.createdAt) : null;
      for (const { month, at } of monthEnds) {
        const open = item.createdAt.getTime() <= at.getTime() && (!closedAt || closedAt.getTime() > at.getTime());
        const m = itemMonths.get(month);
        if (open && m && m.overdueAtEnd !== null && item.dueDate.getTime() < startOfUtcDay(at).getTime()) m.overdueAtEnd++;
      }
    }
  }

  const topServices = [...serviceCounts.values()]
    // Shown as most incidents spell it; ties by code point, so the same data always gives the same answer.
    .map((s) => ({ service: [...s.names.entries()].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]?.[0] ?? "", incidents: s.incidents }))
    .sort((a, b) => b.incidents - a.incidents || byCodePoint(a.service, b.service))
    .slice(0, METRICS_LIMITS.topServices);

  return {
    window: { from: q.from, to: q.to },
    filters: { severity: q.severity ?? null, service: q.service ?? null },
    ...overall.result(),
    bySeverity: [...bySeverity.entries()].map(([severity, g]) => ({ severity, ...g.result() })),
    byMonth: [...byMonth.entries()].map(([month, g]) => ({ month, ...g.result() })),
    actionItems: {
      ...items,
      closureRate: items.total ? Math.round((items.closed / items.total) * 10_000) / 10_000 : null,
      byMonth: [...itemMonths.values()],
    },
    contributingFactors: { byCategory: factorTotals, byMonth: months.map((month) => ({ month, ...(factorMonths.get(month) ?? emptyCategories()) })) },
    services: topServices,
  };
}

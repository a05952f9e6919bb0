import { beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { savePostmortem } from "../support/postmortem";
import { expectQueryRefused } from "../support/app-error";
import { LOCAL_ACTOR, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIncident, deleteIncident } from "@/lib/incidents/service";
import { createTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";
import { createActionItem } from "@/lib/action-items/service";
import { getIncidentMetrics, type DurationFigure } from "@/lib/metrics/service";
import { metricsToCsv } from "@/lib/metrics/csv";
import { percentileOfSorted, summarizeDurations } from "@/lib/metrics/stats";

useTempDatabase();
const actor = LOCAL_ACTOR;
const viewer: Actor = { id: "viewer-1", name: "Vera Viewer", role: "viewer", kind: "user" };
const WINDOW = { from: "2026-01-01", to: "2026-03-31" };
const NOW = new Date("2026-03-15T12:00:00Z");

type Milestones = Partial<Record<"impact_start" | "detected" | "mitigated" | "resolved", string>>;

async function incident(title: string, severity: string, startedAt: string, milestones: Milestones, services: string[] = []) {
  const inc = await createIncident({ input: { title, severity, startedAt, services }, actor });
  for (const [milestone, occurredAt] of Object.entries(milestones)) {
    await createTimelineEvent({ incidentId: inc.id, input: { body: `${milestone} of ${title}`, milestone, occurredAt }, actor });
  }
  return inc;
}

async function factors(incidentId: string, categories: string[], impacted: string[] = []) {
  await savePostmortem({
    incidentId,
    input: {
      contributingFactors: categories.map((category, i) => ({ title: `Factor ${i}`, description: "", category })),
      impactedServices: impacted.map((service) => ({ service, impact: "" })),
    },
    actor,
  });
}

/** An action item with its dates set as if it had lived through them. */
async function item(incidentId: string, title: string, dates: { created: string; due?: string; closed?: string; status?: string }) {
  const { item: created } = await createActionItem({ incidentId, input: { title, dueDate: dates.due ?? null }, actor });
  const db = await getDb();
  await db.actionItem.update({
    where: { id: created.id },
    data: {
      createdAt: new Date(dates.created),
      status: dates.status ?? (dates.closed ? "done" : "open"),
      wontDoReason: dates.status === "wont_do" ? "Superseded" : null,
      closedAt: dates.closed ? new Date(dates.closed) : null,
    },
  });
}

const fig = (medianSeconds: number | null, meanSeconds: number | null, p90Seconds: number | null, count: number, missing = 0, negative = 0): DurationFigure => ({
  medianSeconds,
  meanSeconds,
  p90Seconds,
  count,
  missing,
  negative,
});
const NONE = (missing = 0) => fig(null, null, null, 0, missing);

let ids: Record<string, string> = {};

beforeAll(async () => {
  // A: impact_start milestone 10 min before the declared start; detected +600 s, mitigated +2400 s, resolved +7200 s.
  const a = await incident("A", "SEV1", "2026-01-05T10:00:00Z", {
    impact_start: "2026-01-05T09:50:00Z",
    detected: "2026-01-05T10:00:00Z",
    mitigated: "2026-01-05T10:30:00Z",
    resolved: "2026-01-05T11:50:00Z",
  }, ["Checkout API"]);
  // B: no impact_start: the declared start counts. +300, +3600, +7200.
  const b = await incident("B", "SEV1", "2026-01-10T00:00:00Z", {
    detected: "2026-01-10T00:05:00Z",
    mitigated: "2026-01-10T01:00:00Z",
    resolved: "2026-01-10T02:00:00Z",
  }, ["checkout api", "Payments"]);
  // C: never mitigated. +1200, missing, +86400.
  const c = await incident("C", "SEV2", "2026-01-20T12:00:00Z", { detected: "2026-01-20T12:20:00Z", resolved: "2026-01-21T12:00:00Z" });
  // D: detected an hour before the start (a data error), never resolved. −3600, +3600, missing.
  const d = await incident("D", "SEV2", "2026-02-03T08:00:00Z", { detected: "2026-02-03T07:00:00Z", mitigated: "2026-02-03T09:00:00Z" }, ["Search"]);
  // E: +600, +2400, +6000.
  const e = await incident("E", "SEV3", "2026-02-14T00:00:00Z", {
    detected: "2026-02-14T00:10:00Z",
    mitigated: "2026-02-14T00:40:00Z",
    resolved: "2026-02-14T01:40:00Z",
  });
  // Outside the window, and deleted: never counted.
  await incident("F", "SEV1", "2026-04-02T00:00:00Z", { detected: "2026-04-02T00:01:00Z" }, ["Checkout API"]);
  const g = await incident("G", "SEV1", "2026-01-07T00:00:00Z", { detected: "2026-01-07T05:00:00Z" }, ["Checkout API"]);
  await deleteIncident({ id: g.id, actor });

  await factors(a.id, ["technical", "process"]);
  await factors(c.id, ["people"], ["Payments"]);
  await factors(e.id, ["technical"]);

  await item(a.id, "i1", { created: "2026-01-06T09:00:00Z", due: "2026-01-20", closed: "2026-01-25T10:00:00Z" });
  await item(a.id, "i2", { created: "2026-01-06T09:00:00Z", due: "2026-01-15", closed: "2026-02-10T10:00:00Z" });
  await item(a.id, "i3", { created: "2026-02-01T09:00:00Z", due: "2026-02-20" });
  await item(a.id, "i4", { created: "2026-01-10T09:00:00Z" });
  await item(a.id, "i5", { created: "2026-03-01T09:00:00Z", due: "2026-02-01", closed: "2026-03-02T09:00:00Z", status: "wont_do" });
  ids = { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id };
});

describe("duration statistics", () => {
  it("uses linear interpolation between nearest ranks for the median and p90", () => {
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(percentileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileOfSorted([7], 0.9)).toBe(7);
    expect(percentileOfSorted([], 0.5)).toBeNull();
    expect(summarizeDurations([10, 0, 20, 40])).toEqual({ medianSeconds: 15, meanSeconds: 17.5, p90Seconds: 34, count: 4 });
    // Rounded to the millisecond.
    expect(summarizeDurations([0.0004, 1])).toEqual({ medianSeconds: 0.5, meanSeconds: 0.5, p90Seconds: 0.9, count: 2 });
  });
});

describe("incident metrics", () => {
  it("gives exact medians, means and p90 overall, counting missing milestones and negative durations apart", async () => {
    const m = await getIncidentMetrics({ query: WINDOW, actor: viewer, now: NOW });
    expect(m.window).toEqual({ from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") });
    expect(m.incidents).toBe(5);
    // MTTD: 300, 600, 600, 1200 (D negative)
    expect(m.mttd).toEqual(fig(600, 675, 1020, 4, 0, 1));
    // MTTM: 2400, 2400, 3600, 3600 (C missing)
    expect(m.mttm).toEqual(fig(3000, 3000, 3600, 4, 1, 0));
    // MTTR: 6000, 7200, 7200, 86400 (D missing)
    expect(m.mttr).toEqual(fig(7200, 26700, 62640, 4, 1, 0));
  });

  it("splits by severity (every severity listed) and by UTC month of the impact start (every month of the window)", async () => {
    const m = await getIncidentMetrics({ query: WINDOW, actor, now: NOW });
    const sev = Object.fromEntries(m.bySeverity.map(({ severity, ...g }) => [severity, g]));
    expect(sev.SEV1).toEqual({ incidents: 2, mttd: fig(450, 450, 570, 2), mttm: fig(3000, 3000, 3480, 2), mttr: fig(7200, 7200, 7200, 2) });
    expect(sev.SEV2).toEqual({ incidents: 2, mttd: fig(1200, 1200, 1200, 1, 0, 1), mttm: fig(3600, 3600, 3600, 1, 1), mttr: fig(86400, 86400, 86400, 1, 1) });
    expect(sev.SEV3).toEqual({ incidents: 1, mttd: fig(600, 600, 600, 1), mttm: fig(2400, 2400, 2400, 1), mttr: fig(6000, 6000, 6000, 1) });
    expect(sev.SEV4).toEqual({ incidents: 0, mttd: NONE(), mttm: NONE(), mttr: NONE() });

    expect(m.byMonth.map((g) => g.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    const [jan, feb, mar] = m.byMonth;
    expect(jan).toEqual({ month: "2026-01", incidents: 3, mttd: fig(600, 700, 1080, 3), mttm: fig(3000, 3000, 3480, 2, 1), mttr: fig(7200, 33600, 70560, 3) });
    expect(feb).toEqual({ month: "2026-02", incidents: 2, mttd: fig(600, 600, 600, 1, 0, 1), mttm: fig(3000, 3000, 3480, 2), mttr: fig(6000, 6000, 6000, 1, 1) });
    expect(mar).toEqual({ month: "2026-03", incidents: 0, mttd: NONE(), mttm: NONE(), mttr: NONE() });
  });

  it("follows milestone edits: the key times are derived, and the figures from them", async () => {
    const db = await getDb();
    const detected = await db.timelineEvent.findFirstOrThrow({ where: { incidentId: ids.b, milestone: "detected" } });
    await updateTimelineEvent({ incidentId: ids.b!, eventId: detected.id, input: { version: detected.version, occurredAt: "2026-01-10T00:15:00Z" }, actor });
    const m = await getIncidentMetrics({ query: { ...WINDOW, severity: "SEV1" }, actor, now: NOW });
    // SEV1 MTTD: A 600, B now 900.
    expect(m.mttd).toEqual(fig(750, 750, 870, 2));
    await updateTimelineEvent({ incidentId: ids.b!, eventId: detected.id, input: { version: detected.version + 1, occurredAt: "2026-01-10T00:05:00Z" }, actor });
  });

  it("filters by severity and by service (affected or impacted, case ignored)", async () => {
    const sev2 = await getIncidentMetrics({ query: { ...WINDOW, severity: "SEV2,SEV3" }, actor, now: NOW });
    expect(sev2.incidents).toBe(3);
    expect(sev2.filters).toEqual({ severity: ["SEV2", "SEV3"], service: null });
    // B lists "Payments"; C's postmortem has it as an impacted service.
    const payments = await getIncidentMetrics({ query: { ...WINDOW, service: "PAYMENTS" }, actor, now: NOW });
    expect(payments.incidents).toBe(2);
    expect(payments.mttd).toEqual(fig(750, 750, 1110, 2));
    const checkout = await getIncidentMetrics({ query: { ...WINDOW, service: " checkout API " }, actor, now: NOW });
    expect(checkout.incidents).toBe(2);
    expect((await getIncidentMetrics({ query: { ...WINDOW, service: "Nothing" }, actor, now: NOW })).incidents).toBe(0);
  });

  it("counts the services with the most incidents, once per incident", async () => {
    const m = await getIncidentMetrics({ query: WINDOW, actor, now: NOW });
    expect(m.services).toEqual([
      { service: "Checkout API", incidents: 2 },
      { service: "Payments", incidents: 2 },
      { service: "Search", incidents: 1 },
    ]);
  });

  it("counts contributing-factor categories overall and by month", async () => {
    const m = await getIncidentMetrics({ query: WINDOW, actor, now: NOW });
    expect(m.contributingFactors.byCategory).toEqual({ technical: 2, process: 1, people: 1, external: 0 });
    expect(m.contributingFactors.byMonth).toEqual([
      { month: "2026-01", technical: 1, process: 1, people: 1, external: 0 },
      { month: "2026-02", technical: 1, process: 0, people: 0, external: 0 },
      { month: "2026-03", technical: 0, process: 0, people: 0, external: 0 },
    ]);
  });

  it("gives the action-item closure rate and the overdue count at each month's end", async () => {
    const m = await getIncidentMetrics({ query: WINDOW, actor, now: NOW });
    expect(m.actionItems).toEqual({
      total: 5,
      closed: 3,
      closureRate: 0.6,
      overdueNow: 1,
      byMonth: [
        { month: "2026-01", created: 3, closed: 1, overdueAtEnd: 1 },
        { month: "2026-02", created: 1, closed: 1, overdueAtEnd: 1 },
        { month: "2026-03", created: 1, closed: 1, overdueAtEnd: 1 },
      ],
    });
    // A month still ahead has no overdue count yet.
    const ahead = await getIncidentMetrics({ query: { from: "2026-01-01", to: "2026-05-31" }, actor, now: NOW });
    expect(ahead.actionItems.byMonth.map((x) => x.overdueAtEnd)).toEqual([1, 1, 1, null, null]);
  });

  it("defaults to the last 12 calendar months and refuses wide, backwards or malformed windows with a 422 naming the field", async () => {
    const m = await getIncidentMetrics({ query: {}, actor });
    expect(m.byMonth).toHaveLength(12);
    expect(Math.abs(m.window.to.getTime() - Date.now())).toBeLessThan(60_000);
    expect(m.window.from.getUTCDate()).toBe(1);

    const cases: Array<[Record<string, string>, string]> = [
      [{ from: "2026-03-01", to: "2026-02-01" }, "to"],
      [{ from: "2019-01-01", to: "2026-01-01" }, "from"],
      [{ from: "March" }, "from"],
      [{ to: "2026-13-01" }, "to"],
      [{ severity: "SEV5" }, "severity"],
      [{ service: "x".repeat(101) }, "service"],
      [{ window: "1y" }, "window"],
    ];
    for (const [query, field] of cases) await expectQueryRefused((q) => getIncidentMetrics({ query: q, actor }), query, field);
  });

  it("exports the same figures as CSV, one row per group and metric, formula-safe", async () => {
    const m = await getIncidentMetrics({ query: { ...WINDOW, service: "=HYPERLINK(\"http://x\")" }, actor, now: NOW });
    const csv = metricsToCsv(m);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Scope,Group,Metric,Incidents,Counted,Missing,Negative,Median (s),Mean (s),P90 (s),From,To,Severity filter,Service filter");
    expect(lines).toHaveLength(1 + 3 * (1 + 4 + 3));
    // The service filter starts like a formula: written as text.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    const all = await getIncidentMetrics({ query: WINDOW, actor, now: NOW });
    const rows = metricsToCsv(all).trimEnd().split("\r\n");
    expect(rows[1]).toBe("overall,all,mttd (Time to detect),5,4,0,1,600,675,1020,2026-01-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,,");
    expect(rows).toContain("month,2026-03,mttr (Time to resolve),0,0,0,0,,,,2026-01-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,,");
  });
});

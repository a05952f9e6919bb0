import "server-only";
import type { Actor } from "../auth/actor";
import { toCsv } from "../action-items/csv";
import { METRIC_LABELS, METRIC_NAMES } from "./definitions";
import { getIncidentMetrics, type IncidentMetrics, type MetricGroup } from "./service";

type Cell = string | number | null;

/**
 * The figures as CSV, one row per group and metric (overall, each severity,
 * each month × MTTD, MTTM, MTTR), through the action-item export's writer:
 * formula-safe cells, RFC 4180 quoting. Durations in seconds; the window
 * and filters are repeated on every row so a pasted slice still says what
 * it counts.
 */
export function metricsToCsv(m: IncidentMetrics): string {
  const header: Cell[] = ["Scope", "Group", "Metric", "Incidents", "Counted", "Missing", "Negative", "Median (s)", "Mean (s)", "P90 (s)", "From", "To", "Severity filter", "Service filter"];
  const context: Cell[] = [m.window.from.toISOString(), m.window.to.toISOString(), m.filters.severity?.join(",") ?? "", m.filters.service ?? ""];
  const rows = (scope: string, group: string, g: MetricGroup): Cell[][] =>
    METRIC_NAMES.map((name) => {
      const f = g[name];
      return [scope, group, `${name} (${METRIC_LABELS[name]})`, g.incidents, f.count, f.missing, f.negative, f.medianSeconds, f.meanSeconds, f.p90Seconds, ...context];
    });
  return toCsv([
    header,
    ...rows("overall", "all", m),
    ...m.bySeverity.flatMap((s) => rows("severity", s.severity, s)),
    ...m.byMonth.flatMap((s) => rows("month", s.month, s)),
  ]);
}

export async function exportIncidentMetricsCsv({ query, actor }: { query?: unknown; actor: Actor }) {
  const metrics = await getIncidentMetrics({ query, actor });
  return { csv: metricsToCsv(metrics), metrics };
}

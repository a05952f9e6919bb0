// GET /api/v1/metrics/export.csv — the same figures as CSV (one row per group and metric; formula-safe)
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { exportIncidentMetricsCsv } from "@/lib/metrics/csv";
import { formatUtcDate } from "@/lib/time-format";

export const GET = apiRoute("GET /api/v1/metrics/export.csv", async (req, { actor }) => {
  const { csv, metrics } = await exportIncidentMetricsCsv({ query: queryObject(req), actor });
  // The byte-order mark makes Excel read the file as UTF-8.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="incident-metrics-${formatUtcDate(metrics.window.from)}-to-${formatUtcDate(new Date(metrics.window.to.getTime() - 1))}.csv"`,
      "cache-control": "no-store",
    },
  });
});

// GET /api/v1/metrics — MTTD/MTTM/MTTR and incident counts over a window (?from, to, severity, service), overall, per severity and per month
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { getIncidentMetrics } from "@/lib/metrics/service";

export const GET = apiRoute("GET /api/v1/metrics", async (req, { actor }) => {
  const metrics = await getIncidentMetrics({ query: queryObject(req), actor });
  return Response.json(metrics, { headers: { "cache-control": "no-store" } });
});

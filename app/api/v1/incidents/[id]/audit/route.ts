import { apiRoute } from "@/lib/api/route";
import { pathId, queryObject } from "@/lib/api/request";
import { listIncidentAudit } from "@/lib/audit/read";

type P = { id: string };

// GET /api/v1/incidents/{id}/audit — who changed what on this incident, newest first
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/audit", async (req, { params, actor }) => {
  const entries = await listIncidentAudit({ incidentId: pathId(params.id, "Incident"), query: queryObject(req), actor });
  return Response.json({ entries });
});

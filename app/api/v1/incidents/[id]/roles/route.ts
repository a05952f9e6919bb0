import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { getIncidentRoles } from "@/lib/incident-roles/assignments";

type P = { id: string };

// GET /api/v1/incidents/{id}/roles — who holds each role (commander, scribe, communications lead, custom ones)
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/roles", async (_req, { params, actor }) => {
  return Response.json(await getIncidentRoles({ incidentId: pathId(params.id, "Incident"), actor }));
});

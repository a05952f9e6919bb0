import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { assignIncidentRole, unassignIncidentRole } from "@/lib/incident-roles/assignments";

type P = { id: string; role: string };

// PUT /api/v1/incidents/{id}/roles/{role} — give the role to `userId` (an account) or `name` (someone without one)
export const PUT = apiRoute<P>("PUT /api/v1/incidents/[id]/roles/[role]", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  return Response.json(await assignIncidentRole({ incidentId, roleKey: params.role, input: await readJsonBody(req), actor }));
});

// DELETE /api/v1/incidents/{id}/roles/{role} — leave the role unheld
export const DELETE = apiRoute<P>("DELETE /api/v1/incidents/[id]/roles/[role]", async (_req, { params, actor }) => {
  return Response.json(await unassignIncidentRole({ incidentId: pathId(params.id, "Incident"), roleKey: params.role, actor }));
});

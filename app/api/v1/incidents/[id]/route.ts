import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { deleteIncident, getIncidentById, updateIncident } from "@/lib/incidents/service";

type P = { id: string };

// GET /api/v1/incidents/{id} — one incident
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]", async (_req, { params, actor }) => {
  return Response.json(await getIncidentById({ id: pathId(params.id, "Incident"), actor }));
});

// PATCH /api/v1/incidents/{id} — update with `version` (409 when stale)
export const PATCH = apiRoute<P>("PATCH /api/v1/incidents/[id]", async (req, { params, actor }) => {
  const id = pathId(params.id, "Incident");
  return Response.json(await updateIncident({ id, input: await readJsonBody(req), actor }));
});

// DELETE /api/v1/incidents/{id} — delete an incident (admin)
export const DELETE = apiRoute<P>("DELETE /api/v1/incidents/[id]", async (_req, { params, actor }) => {
  return Response.json(await deleteIncident({ id: pathId(params.id, "Incident"), actor }));
});

// GET/PUT /api/v1/incidents/{id}/postmortem — the postmortem's sections and rows; PUT with `version` (409 when stale)
import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { getPostmortem, updatePostmortem } from "@/lib/postmortem/service";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/postmortem", async (_req, { params, actor }) => {
  return Response.json(await getPostmortem({ incidentId: pathId(params.id, "Incident"), actor }));
});

export const PUT = apiRoute<P>("PUT /api/v1/incidents/[id]/postmortem", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  return Response.json(await updatePostmortem({ incidentId, input: await readJsonBody(req), actor }));
});

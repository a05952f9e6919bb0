// PUT /api/v1/incidents/{id}/postmortem/status — move the postmortem along draft ⇄ in_review ⇄ published
import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { setPostmortemStatus } from "@/lib/postmortem/service";

type P = { id: string };

export const PUT = apiRoute<P>("PUT /api/v1/incidents/[id]/postmortem/status", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  return Response.json(await setPostmortemStatus({ incidentId, input: await readJsonBody(req), actor }));
});

// GET/POST /api/v1/incidents/{id}/action-items — an incident's action items (list query as for /action-items, plus open/overdue counts); add one (a repeated `id` returns the stored one with 200)
import { apiRoute } from "@/lib/api/route";
import { pathId, queryObject, readJsonBody } from "@/lib/api/request";
import { getIncidentById } from "@/lib/incidents/service";
import { createActionItem, listActionItems } from "@/lib/action-items/service";
import { getActionItemCounts } from "@/lib/action-items/counts";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/action-items", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  await getIncidentById({ id: incidentId, actor });
  const list = await listActionItems({ query: { ...queryObject(req), incident: incidentId }, actor });
  const counts = await getActionItemCounts({ incidentIds: [incidentId], actor });
  return Response.json({ ...list, counts: counts[incidentId] });
});

export const POST = apiRoute<P>("POST /api/v1/incidents/[id]/action-items", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  const { item, created } = await createActionItem({ incidentId, input: await readJsonBody(req), actor });
  return Response.json(item, { status: created ? 201 : 200 });
});

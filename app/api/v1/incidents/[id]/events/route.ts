import { apiRoute } from "@/lib/api/route";
import { pathId, queryObject, readJsonBody } from "@/lib/api/request";
import { createTimelineEvent, listTimelineEvents } from "@/lib/timeline/service";

type P = { id: string };

// GET /api/v1/incidents/{id}/events — one page of the timeline: newest, ?before= / ?after= a cursor, ?around= a time, ?since= for catch-up
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/events", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  return Response.json(await listTimelineEvents({ incidentId, query: queryObject(req), actor }));
});

// POST /api/v1/incidents/{id}/events — add an entry; a repeated `id` returns the stored one (200)
export const POST = apiRoute<P>("POST /api/v1/incidents/[id]/events", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  const { event, created } = await createTimelineEvent({ incidentId, input: await readJsonBody(req), actor });
  return Response.json(event, { status: created ? 201 : 200 });
});

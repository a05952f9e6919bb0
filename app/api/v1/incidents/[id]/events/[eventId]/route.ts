import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { deleteTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";

type P = { id: string; eventId: string };

// PATCH /api/v1/incidents/{id}/events/{eventId} — edit with `version` (409 when stale)
export const PATCH = apiRoute<P>("PATCH /api/v1/incidents/[id]/events/[eventId]", async (req, { params, actor }) => {
  const event = await updateTimelineEvent({
    incidentId: pathId(params.id, "Incident"),
    eventId: pathId(params.eventId, "Timeline event"),
    input: await readJsonBody(req),
    actor,
  });
  return Response.json(event);
});

// DELETE /api/v1/incidents/{id}/events/{eventId} — soft delete (undo: POST …/restore)
export const DELETE = apiRoute<P>("DELETE /api/v1/incidents/[id]/events/[eventId]", async (_req, { params, actor }) => {
  const event = await deleteTimelineEvent({
    incidentId: pathId(params.id, "Incident"),
    eventId: pathId(params.eventId, "Timeline event"),
    actor,
  });
  return Response.json(event);
});

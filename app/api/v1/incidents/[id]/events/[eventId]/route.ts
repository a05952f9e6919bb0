import { apiRoute } from "@/lib/api/route";
import { eventPath, readJsonBody } from "@/lib/api/request";
import { deleteTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";

type P = { id: string; eventId: string };

// PATCH /api/v1/incidents/{id}/events/{eventId} — edit with `version` (409 when stale)
export const PATCH = apiRoute<P>("PATCH /api/v1/incidents/[id]/events/[eventId]", async (req, { params, actor }) => {
  return Response.json(await updateTimelineEvent({ ...eventPath(params), input: await readJsonBody(req), actor }));
});

// DELETE /api/v1/incidents/{id}/events/{eventId} — soft delete (undo: POST …/restore)
export const DELETE = apiRoute<P>("DELETE /api/v1/incidents/[id]/events/[eventId]", async (_req, { params, actor }) => {
  return Response.json(await deleteTimelineEvent({ ...eventPath(params), actor }));
});

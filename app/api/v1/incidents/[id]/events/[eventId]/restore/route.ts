import { apiRoute } from "@/lib/api/route";
import { eventPath } from "@/lib/api/request";
import { restoreTimelineEvent } from "@/lib/timeline/service";

type P = { id: string; eventId: string };

// POST /api/v1/incidents/{id}/events/{eventId}/restore — undo a delete
export const POST = apiRoute<P>("POST /api/v1/incidents/[id]/events/[eventId]/restore", async (_req, { params, actor }) => {
  return Response.json(await restoreTimelineEvent({ ...eventPath(params), actor }));
});

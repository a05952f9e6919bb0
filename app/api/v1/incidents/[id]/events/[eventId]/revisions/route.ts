import { apiRoute } from "@/lib/api/route";
import { eventPath } from "@/lib/api/request";
import { listEventRevisions } from "@/lib/timeline/service";

type P = { id: string; eventId: string };

// GET /api/v1/incidents/{id}/events/{eventId}/revisions — every earlier version, newest first
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/events/[eventId]/revisions", async (_req, { params, actor }) => {
  const revisions = await listEventRevisions({ ...eventPath(params), actor });
  return Response.json({ revisions });
});

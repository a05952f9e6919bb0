// GET /api/v1/incidents/{id}/events/stream — Server-Sent Events: every create, edit and delete (a catch-up over a window: a reset frame)
import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { incidentLiveStream } from "@/lib/live/incident-stream";
import { resumePoint, sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/events/stream", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  return sseResponse(await incidentLiveStream({ incidentId, since: resumePoint(req), actor, signal: req.signal }));
});

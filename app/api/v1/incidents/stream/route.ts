// GET /api/v1/incidents/stream — Server-Sent Events: incidents declared, changed or deleted (the live incident list)
import { apiRoute } from "@/lib/api/route";
import { incidentListStream } from "@/lib/live/incident-list-stream";
import { sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

// Counted with the timeline streams (the same per-session and per-user caps, 429 beyond; ended when the right to it goes).
export const GET = apiRoute("GET /api/v1/incidents/stream", async (req, { actor }) => {
  return sseResponse(await incidentListStream({ actor, signal: req.signal }));
});

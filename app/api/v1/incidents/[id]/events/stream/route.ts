import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { getIncidentById } from "@/lib/incidents/service";
import { listTimelineEvents } from "@/lib/timeline/service";
import { liveBus, type LiveMessage } from "@/lib/timeline/live-bus";
import { resumePoint, sseFrame } from "@/lib/timeline/sse";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

type P = { id: string };

// GET /api/v1/incidents/{id}/events/stream — Server-Sent Events: every create, edit and delete
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/events/stream", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  await getIncidentById({ id: incidentId, actor });
  const since = resumePoint(req);
  // Validate the resume point before the stream starts, so a bad one is a 4xx.
  const missed = since ? await listTimelineEvents({ incidentId, query: { since }, actor }) : [];

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Subscribe before replaying, so nothing committed in between is lost;
      // clients apply changes by version, so a repeat is harmless.
      const unsubscribe = liveBus().subscribe(incidentId, (m: LiveMessage) => send(sseFrame(m)));
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
      send("retry: 1000\n: connected\n\n");
      for (const event of missed) send(sseFrame({ type: "event", action: "updated", event }));
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});

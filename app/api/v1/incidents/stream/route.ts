// GET /api/v1/incidents/stream — Server-Sent Events: incidents declared, changed or deleted (the live incident list)
import { apiRoute } from "@/lib/api/route";
import { authorize } from "@/lib/auth/authorize";
import { openLiveStream } from "@/lib/auth/live-access";
import { liveBus } from "@/lib/live/bus";
import { incidentListFrame } from "@/lib/incidents/list-stream";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

/**
 * One stream per open incident list, counted with the timeline streams (the
 * same per-session and per-user caps, 429 beyond; ended when the right to it
 * goes). Each incident change is one small frame to each list; there is no
 * replay: a client that reconnects reloads the list it shows (at most one
 * page), so nothing here grows with the number of incidents.
 */
export const GET = apiRoute("GET /api/v1/incidents/stream", async (req, { actor }) => {
  authorize(actor, "incidents.read");
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let end = (_reason: string) => {};
  const lease = await openLiveStream(actor, (reason) => end(reason));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = liveBus().subscribeAll((_incidentId, message) => {
        const frame = incidentListFrame(message);
        if (frame) send(frame);
      });
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        lease.release();
      };
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      end = (reason) => {
        send(`: closed: ${reason}\n\n`);
        close();
      };
      req.signal.addEventListener("abort", close);
      send("retry: 1000\n: connected\n\n");
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

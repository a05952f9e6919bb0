import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { getIncidentById } from "@/lib/incidents/service";
import { catchUpTimeline } from "@/lib/timeline/service";
import { getIncidentRoles } from "@/lib/incident-roles/assignments";
import { liveBus, type LiveMessage } from "@/lib/live/bus";
import { resetFrame, resumePoint, sseFrame } from "@/lib/live/sse";
import { ZStreamResume } from "@/lib/timeline/schemas";
import { CATCH_UP_MAX } from "@/lib/timeline/cursor";
import { parseInput } from "@/lib/errors";
import { openLiveStream } from "@/lib/auth/live-access";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

type P = { id: string };

// GET /api/v1/incidents/{id}/events/stream — Server-Sent Events: every create, edit and delete (a catch-up over a window: a reset frame)
export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/events/stream", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  await getIncidentById({ id: incidentId, actor });
  // Validate the resume point before the stream starts, so a bad one is a 4xx.
  const { since } = parseInput(ZStreamResume, { since: resumePoint(req) });

  const encoder = new TextEncoder();
  let cleanup = () => {};
  let end = (_reason: string) => {};
  // Counted per session / API key (429 over the cap), and ended when the
  // right to it goes (revoked key or session, deactivated user, lower role).
  const lease = await openLiveStream(actor, (reason) => end(reason));
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Subscribe first and hold live messages until the snapshot below is
      // sent: nothing committed in between is lost, and clients apply
      // changes by version, so a repeat is harmless.
      let held: LiveMessage[] | null = [];
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
      const unsubscribe = liveBus().subscribe(
        incidentId,
        (m: LiveMessage) => {
          // A deleted incident's entries can no longer be read, live ones neither.
          if (m.type === "incident_deleted") return end("incident deleted");
          if (held) held.push(m);
          else send(sseFrame(m));
        },
        // The bus may have missed messages (its PostgreSQL connection
        // dropped); ending the stream makes the browser resume with `since`.
        { onGap: () => end("catch up") },
      );
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        lease.release();
      };
      req.signal.addEventListener("abort", close);
      send("retry: 1000\n: connected\n\n");
      try {
        // The incident as it is now (its key times may have moved while the
        // client was away), then the entries changed since it last saw one —
        // at most a window of them: beyond that the client reloads its window.
        send(sseFrame({ type: "incident", incident: await getIncidentById({ id: incidentId, actor }) }));
        send(sseFrame({ type: "roles", roles: await getIncidentRoles({ incidentId, actor }) }));
        const checkedAt = new Date();
        const missed = since ? await catchUpTimeline({ incidentId, since, actor }) : null;
        if (missed?.overflow) send(resetFrame(checkedAt, CATCH_UP_MAX));
        else for (const event of missed?.events ?? []) send(sseFrame({ type: "event", action: "updated", event }));
      } catch (err) {
        console.error("[debrief] stream catch-up failed:", err);
      }
      const pending = held;
      held = null;
      for (const m of pending) send(sseFrame(m));
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

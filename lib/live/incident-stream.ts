import "server-only";
import type { Actor } from "../auth/actor";
import { parseInput } from "../errors";
import { getIncidentById } from "../incidents/service";
import { getIncidentRoles } from "../incident-roles/assignments";
import { catchUpTimeline } from "../timeline/service";
import { ZStreamResume } from "../timeline/schemas";
import { CATCH_UP_MAX } from "../timeline/cursor";
import { liveBus, type LiveMessage } from "./bus";
import { openLiveFrames } from "./open-frames";
import { resetFrame, sseFrame } from "./sse";

/**
 * The live view of one incident as Server-Sent Events frames: the incident
 * and its roles as they are now, the entries changed since `since` (at most
 * CATCH_UP_MAX of them, else a reset frame: the client reloads its window),
 * then every change as it is committed. Checks run before anything is sent,
 * so an unknown incident is a 404, a bad `since` a 422 and one stream too
 * many a 429.
 */
export async function incidentLiveStream({
  incidentId,
  since,
  actor,
  signal,
}: {
  incidentId: string;
  /** The resume point as the client sent it (`?since=` or Last-Event-ID). */
  since: string | undefined;
  actor: Actor;
  signal: AbortSignal;
}): Promise<AsyncIterable<string>> {
  await getIncidentById({ id: incidentId, actor });
  const resume = parseInput(ZStreamResume, { since }).since;
  const frames = await openLiveFrames(actor, signal);
  // Subscribe first and hold live messages until the snapshot below is
  // sent: nothing committed in between is lost, and clients apply changes
  // by version, so a repeat is harmless.
  let held: LiveMessage[] | null = [];
  const unsubscribe = liveBus().subscribe(
    incidentId,
    (message) => {
      // A deleted incident's entries can no longer be read, live ones neither.
      if (message.type === "incident_deleted") return frames.end("incident deleted");
      if (held) held.push(message);
      else frames.push(sseFrame(message));
    },
    // The bus may have missed messages (its PostgreSQL connection dropped);
    // ending the stream makes the browser resume with `since`.
    { onGap: () => frames.end("catch up") },
  );
  frames.onClose(unsubscribe);
  void (async () => {
    try {
      // The incident as it is now (its key times may have moved while the
      // client was away), then the entries changed since it last saw one.
      frames.push(sseFrame({ type: "incident", incident: await getIncidentById({ id: incidentId, actor }) }));
      frames.push(sseFrame({ type: "roles", roles: await getIncidentRoles({ incidentId, actor }) }));
      const checkedAt = new Date();
      const missed = resume ? await catchUpTimeline({ incidentId, since: resume, actor }) : null;
      if (missed?.overflow) frames.push(resetFrame(checkedAt, CATCH_UP_MAX));
      else for (const event of missed?.events ?? []) frames.push(sseFrame({ type: "event", action: "updated", event }));
    } catch (err) {
      console.error("[debrief] stream catch-up failed:", err);
    }
    const pending = held ?? [];
    held = null;
    for (const message of pending) frames.push(sseFrame(message));
  })();
  return frames;
}

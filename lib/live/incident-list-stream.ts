import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { liveBus, type LiveMessage } from "./bus";
import { openLiveFrames } from "./open-frames";

// Every open list receives the same message object: serialise it once.
const frames = new WeakMap<LiveMessage, string | null>();

function frame(data: object): string {
  return `event: incident\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The frame an incident list gets for a live message, or null: only
 * incident changes (declared, status, severity, title, key times) and
 * deletions, never timeline entries, which lists do not show.
 */
export function incidentListFrame(message: LiveMessage): string | null {
  const known = frames.get(message);
  if (known !== undefined) return known;
  const text =
    message.type === "incident"
      ? frame({ type: "incident", incident: message.incident })
      : message.type === "incident_deleted"
        ? frame({ type: "incident_deleted", incidentId: message.incidentId })
        : null;
  frames.set(message, text);
  return text;
}

/**
 * The live incident list as Server-Sent Events frames: each incident change
 * is one small frame. There is no replay: a client that reconnects reloads
 * the list it shows (at most one page), so nothing here grows with the
 * number of incidents.
 */
export async function incidentListStream({ actor, signal }: { actor: Actor; signal: AbortSignal }): Promise<AsyncIterable<string>> {
  authorize(actor, "incidents.read");
  const frames = await openLiveFrames(actor, signal);
  const unsubscribe = liveBus().subscribeAll((_incidentId, message) => {
    const frame = incidentListFrame(message);
    if (frame) frames.push(frame);
  });
  frames.onClose(unsubscribe);
  return frames;
}

import type { LiveMessage } from "../live/bus";

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

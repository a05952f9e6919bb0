import type { LiveMessage } from "./live-bus";

/** One Server-Sent Events frame. Event frames carry their change time as id for resuming. */
export function sseFrame(message: LiveMessage): string {
  const id = message.type === "event" ? `id: ${message.event.updatedAt.toISOString()}\n` : "";
  return `${id}event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

/** Where a reconnecting client left off: `?since=` or the Last-Event-ID header. */
export function resumePoint(req: Request): string | undefined {
  const since = new URL(req.url).searchParams.get("since") ?? req.headers.get("last-event-id") ?? undefined;
  return since || undefined;
}

import type { LiveMessage } from "./bus";

// One live message goes to every viewer of the incident: serialise it once,
// not once per open stream (200 viewers would otherwise stringify it 200 times).
const frames = new WeakMap<LiveMessage, string>();

/** One Server-Sent Events frame. Event frames carry their change time as id for resuming. */
export function sseFrame(message: LiveMessage): string {
  const cached = frames.get(message);
  if (cached !== undefined) return cached;
  const id = message.type === "event" ? `id: ${message.event.updatedAt.toISOString()}\n` : "";
  const frame = `${id}event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
  frames.set(message, frame);
  return frame;
}

/**
 * Sent instead of a catch-up that would replay more than a window of
 * changes: the client reloads its window (GET …/events) and carries on from
 * `at`, the server's time when the catch-up was refused. Its id is `at`, so a
 * browser resuming with Last-Event-ID starts from there.
 */
export function resetFrame(at: Date, max: number): string {
  const data = { type: "reset", reason: "catch_up_too_long", at: at.toISOString(), max };
  return `id: ${data.at}\nevent: reset\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Where a reconnecting client left off: `?since=` or the Last-Event-ID header. */
export function resumePoint(req: Request): string | undefined {
  const since = new URL(req.url).searchParams.get("since") ?? req.headers.get("last-event-id") ?? undefined;
  return since || undefined;
}

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

/** A Server-Sent Events response that sends `frames` as they come; the client going away ends them. */
export function sseResponse(frames: AsyncIterable<string, unknown>): Response {
  const encoder = new TextEncoder();
  const iterator = frames[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      try {
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch {
        // Cancelled meanwhile: the stream is closed already.
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

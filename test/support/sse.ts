import type { Identities } from "./identities";

export type SseFrame = { event: string; id: string | null; data: any };

export type SseStream = {
  /** Every frame received so far, in order. */
  frames: SseFrame[];
  /** Resolves when the server ends the stream (or the connection breaks). */
  ended: Promise<void>;
  /** Wait until a received frame matches (looking at earlier ones too); throws after `timeoutMs`. */
  waitFor(match: (frame: SseFrame) => boolean, timeoutMs?: number, what?: string): Promise<SseFrame>;
  close(): void;
};

/**
 * Open an incident's live stream (Server-Sent Events) with an API key and
 * parse its frames in the background.
 */
export async function openEventStream(
  server: { url: string; keys: Identities["keys"] },
  incidentId: string,
  opts: {
    since?: string;
    role?: keyof Identities["keys"];
    /** Called as each frame arrives (performance.now() time), e.g. to measure delivery. */
    onFrame?: (frame: SseFrame, receivedAt: number) => void;
  } = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const query = opts.since ? `?since=${encodeURIComponent(opts.since)}` : "";
  const res = await fetch(`${server.url}/api/v1/incidents/${incidentId}/events/stream${query}`, {
    headers: { authorization: `Bearer ${server.keys[opts.role ?? "admin"]}` },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const reader = res.body.getReader();
  const decoder = new TextDecoder();

  const ended = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          let id: string | null = null;
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("id: ")) id = line.slice(4);
            else if (line.startsWith("data: ")) data.push(line.slice(6));
          }
          if (data.length) {
            const frame = { event, id, data: JSON.parse(data.join("\n")) };
            frames.push(frame);
            opts.onFrame?.(frame, performance.now());
            notify();
          }
        }
      }
    } catch {
      /* aborted or the connection broke */
    } finally {
      notify();
    }
  })();
  let isEnded = false;
  void ended.then(() => {
    isEnded = true;
    notify();
  });

  return {
    frames,
    ended,
    waitFor(match, timeoutMs = 10_000, what = "a matching frame") {
      return new Promise<SseFrame>((resolve, reject) => {
        const check = () => {
          const found = frames.find(match);
          if (found) return done(() => resolve(found));
          if (isEnded) return done(() => reject(new Error(`stream ended before ${what}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${what} within ${timeoutMs} ms`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

import type { Identities } from "./identities";
import { jsonOrUndefined } from "./json-body";

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

/** An open Server-Sent Events response, read in the background. */
export type OpenStream = {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  /** Resolves once `needle` has arrived (or rejects when the stream ends first). */
  waitFor(needle: string): Promise<void>;
  /** Close it from the client side. */
  close(): void;
  /** The JSON body of a refused (non-200) stream. */
  json: any;
};

export async function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  if (res.status !== 200 || !res.body) {
    const body = await res.text();
    return { status: res.status, text: () => body, ended: Promise.resolve(), waitFor: async () => {}, close: () => {}, json: jsonOrUndefined(body) };
  }
  let received = "";
  let done = false;
  const waiters: { needle: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const settle = () => {
    for (const w of [...waiters]) {
      if (received.includes(w.needle)) {
        w.resolve();
        waiters.splice(waiters.indexOf(w), 1);
      } else if (done) {
        w.reject(new Error(`stream ended before "${w.needle}" arrived; got: ${received.slice(-300)}`));
        waiters.splice(waiters.indexOf(w), 1);
      }
    }
  };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        received += decoder.decode(value, { stream: true });
        settle();
      }
    } catch {
      /* aborted by close() */
    } finally {
      done = true;
      settle();
    }
  })();
  return {
    status: res.status,
    text: () => received,
    ended,
    waitFor: (needle) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ needle, resolve, reject });
        settle();
      }),
    close: () => controller.abort(),
    json: undefined,
  };
}

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
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    return { status: res.status, text: () => body, ended: Promise.resolve(), waitFor: async () => {}, close: () => {}, json };
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

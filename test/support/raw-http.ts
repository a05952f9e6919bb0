import net from "node:net";

export type RawResponse = {
  /** 0 when nothing that looks like a status line came back. */
  status: number;
  head: string;
  body: string;
  /** The server closed the connection before the deadline. */
  closed: boolean;
  /** The deadline passed with the connection still open (it is then destroyed). */
  timedOut: boolean;
};

/**
 * Send bytes as they are over a fresh TCP connection (fetch would fix or
 * refuse a malformed request before sending it) and read until the server
 * closes the connection or `timeoutMs` passes. `endAfterResponse` closes our
 * side once a whole response (by Content-Length, or the end of a chunked
 * body) is in, for requests where the server may keep the connection alive.
 */
export function rawRequest(
  port: number,
  payload: string | Buffer,
  {
    timeoutMs = 10_000,
    endAfterResponse = false,
    endAfterHead = false,
  }: { timeoutMs?: number; endAfterResponse?: boolean; /** For endless responses (event streams). */ endAfterHead?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean, timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = withoutInterimResponses(Buffer.concat(chunks).toString("latin1"));
      const split = raw.indexOf("\r\n\r\n");
      const head = split === -1 ? raw : raw.slice(0, split);
      const rawBody = split === -1 ? "" : raw.slice(split + 4);
      const body = Buffer.from(/\r\ntransfer-encoding: *chunked/i.test(head) ? dechunk(rawBody) : rawBody, "latin1").toString("utf8");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body, closed, timedOut });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on("connect", () => socket.write(payload));
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      const sofar = withoutInterimResponses(Buffer.concat(chunks).toString("latin1"));
      if (endAfterHead && /^HTTP\/1\.[01] \d{3}[^]*?\r\n\r\n/.test(sofar)) finish(false, false);
      else if (endAfterResponse && responseComplete(sofar)) finish(false, false);
    });
    socket.on("error", () => finish(true, false));
    socket.on("close", () => finish(true, false));
  });
}

/** Drop "100 Continue" and other 1xx heads before the final response. */
function withoutInterimResponses(raw: string): string {
  let rest = raw;
  for (;;) {
    const m = /^HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n/.exec(rest);
    if (!m) return rest;
    rest = rest.slice(m[0].length);
  }
}

/** The payload of a chunked body (as much of it as arrived). */
function dechunk(raw: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol === -1) return out;
    const size = parseInt(raw.slice(at, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

function responseComplete(raw: string): boolean {
  const split = raw.indexOf("\r\n\r\n");
  if (split === -1) return false;
  const head = raw.slice(0, split).toLowerCase();
  const body = raw.slice(split + 4);
  const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
  if (length !== undefined) return Buffer.byteLength(body, "latin1") >= Number(length);
  if (/\r\ntransfer-encoding: *chunked/.test(head)) return body.endsWith("0\r\n\r\n");
  return false;
}

import { AppError } from "../errors";
import { LIMITS } from "../validation";
import { zId } from "../validation";

// PostgreSQL text cannot hold U+0000 (SQLite can), and no incident text needs
// it: it is refused at the edge on both stores, naming the field, instead of
// failing in the database with a 500 on one of them.
const NUL = "\u0000";

function nulRefused(path: string): AppError {
  return new AppError("validation_failed", `${path}: must not contain NUL (U+0000) characters`, {
    issues: [{ path, message: "must not contain NUL (U+0000) characters" }],
  });
}

/** The path of the first string (or key) holding U+0000 in a parsed JSON value; iterative, for any depth. */
export function findNul(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, ""]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, path] = top;
    const children: Array<[unknown, string]> = [];
    if (typeof v === "string") {
      if (v.includes(NUL)) return path || "(body)";
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => children.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) return at;
        children.push([item, at]);
      }
    }
    // Reversed onto the stack: the first offending field in document order is reported.
    for (const child of children.reverse()) stack.push(child);
  }
  return null;
}

/**
 * Read a request body as text, refusing anything over `maxBytes` with a 413
 * before it is all in memory.
 */
export async function readBodyText(req: Request, maxBytes: number = LIMITS.requestBodyBytes): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `Request body must be at most ${maxBytes} bytes`);
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body, or its framing was broken (Node's
      // parser then ends the connection): nobody is waiting for a 500.
      throw new AppError("bad_request", "The request body could not be read to its end");
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "Request body must be UTF-8 text");
  }
  if (text.includes(NUL)) throw nulRefused("(body)");
  return text;
}

/** Parse a JSON request body (content type and size checked). */
export async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const text = await readBodyText(req);
  if (!text.trim()) throw new AppError("invalid_json", "Request body must be a JSON object");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError("invalid_json", `Request body is not valid JSON: ${(err as Error).message}`);
  }
  const nulAt = findNul(parsed);
  if (nulAt) throw nulRefused(nulAt);
  return parsed;
}

/** The query string as a plain object (repeated keys: the last wins). */
export function queryObject(req: Request): Record<string, string> {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const nulAt = findNul(query);
  if (nulAt) throw nulRefused(nulAt);
  return query;
}

/** A path id must be a UUID; anything else cannot exist, so it is a 404. */
export function pathId(value: string | undefined, what: string): string {
  const parsed = zId.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", `${what} not found`);
  return parsed.data;
}

/** The timeline entry a path …/incidents/{id}/events/{eventId} names (the incident checked first). */
export function eventPath(params: { id: string; eventId: string }): { incidentId: string; eventId: string } {
  return { incidentId: pathId(params.id, "Incident"), eventId: pathId(params.eventId, "Timeline event") };
}

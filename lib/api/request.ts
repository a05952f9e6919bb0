import { AppError } from "../errors";
import { LIMITS } from "../validation";
import { zId } from "../validation";

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
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "Request body must be UTF-8 text");
  }
}

/** Parse a JSON request body (content type and size checked). */
export async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const text = await readBodyText(req);
  if (!text.trim()) throw new AppError("invalid_json", "Request body must be a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError("invalid_json", `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The query string as a plain object (repeated keys: the last wins). */
export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

/** A path id must be a UUID; anything else cannot exist, so it is a 404. */
export function pathId(value: string | undefined, what: string): string {
  const parsed = zId.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", `${what} not found`);
  return parsed.data;
}

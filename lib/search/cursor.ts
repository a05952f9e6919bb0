import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";
import { SEARCH_LIMITS, type SearchQuery } from "./schemas";

// A cursor is where the next page starts in the ranked results, tied to
// the query it came from: used with another query it is refused rather
// than silently skipping results.

const zCursor = z.strictObject({
  o: z.number().int().min(1).max(SEARCH_LIMITS.depthMax),
  f: z.string().length(16),
});

/** The query minus paging, as a short hash. */
export function queryFingerprint(q: SearchQuery): string {
  const key = JSON.stringify([q.q, q.type ?? null, q.severity ?? null, q.service ?? null, q.from?.toISOString() ?? null, q.to?.toISOString() ?? null]);
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

function badCursor(message: string): AppError {
  return new AppError("validation_failed", `Invalid input — cursor: ${message}`, { issues: [{ path: "cursor", message }] });
}

/** The offset a cursor stands for; a 422 naming `cursor` for anything else. */
export function decodeCursor(cursor: string, fingerprint: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor("is not a cursor from this API");
  }
  const result = zCursor.safeParse(parsed);
  if (!result.success) throw badCursor("is not a cursor from this API");
  if (result.data.f !== fingerprint) throw badCursor("belongs to a different query; start again without it");
  return result.data.o;
}

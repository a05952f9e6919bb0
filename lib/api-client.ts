/**
 * The browser's one way to call the JSON API v1. Every answer is outside data
 * to the client, so it is checked with zod before use (DESIGN principle 3),
 * and every call gives the same result shape. Each area builds its API object
 * on apiRequest (components/<area>/api.ts) with the wire schemas beside its
 * DTOs (lib/<area>/wire.ts). Streams (EventSource) do not go through here.
 */
import { z } from "zod";

/** A field problem as the API reports it (path "owner", message "must be …"). */
export type FieldIssue = { path: string; message: string };

/**
 * The error body of DESIGN.md. Anything else the server adds to `error`
 * (a 409's `current` record, the `blocking` items of a refused completion)
 * is kept in `details` for the caller to check with its own schema. A
 * proxy's HTML error page does not match and is reported generically.
 */
export const zApiErrorBody = z.object({
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).catch([]),
    })
    .catchall(z.unknown()),
});

export type ApiFailure = {
  ok: false;
  /** 0: no answer (the server is down or the network is blocked); callers that must not lose data treat it like a 5xx. */
  status: number;
  code: string;
  message: string;
  issues: FieldIssue[];
  details: Record<string, unknown>;
};
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** What the page says when the server cannot be reached, unless the caller says more. */
export const UNREACHABLE = "Cannot reach the server. Nothing was lost: try again.";

function failure(status: number, code: string, message: string): ApiFailure {
  return { ok: false, status, code, message, issues: [], details: {} };
}

export type RequestOptions = {
  /** Sent as JSON unless `contentType` says otherwise (then it must be a string). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
};

export async function apiRequest<T>(method: string, path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const { body, contentType, signal } = options;
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = contentType ?? "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : contentType && typeof body === "string" ? body : JSON.stringify(body),
      cache: "no-store",
      signal,
    });
  } catch {
    return failure(0, "network", UNREACHABLE);
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = zApiErrorBody.safeParse(json);
    if (!err.success) return failure(res.status, "http", `The server answered HTTP ${res.status}.`);
    const { code, message, issues, ...details } = err.data.error;
    return { ok: false, status: res.status, code, message, issues, details };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return failure(res.status, "bad_response", "The server sent an answer this page does not understand.");
  return { ok: true, status: res.status, data: parsed.data };
}

/** "?a=1&b=x" from the defined, non-empty values (or "" when none). */
export function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

/** One detail of a failure (a 409's `current`, a refusal's `blocking`), if it is readable. */
export function failureDetail<T>(failure: ApiFailure, key: string, schema: z.ZodType<T>): T | null {
  const parsed = schema.safeParse(failure.details[key]);
  return parsed.success ? parsed.data : null;
}

/** The server's current record sent with a 409, if it is readable. */
export function conflictCurrent<T>(failure: ApiFailure, schema: z.ZodType<T>): T | null {
  return failureDetail(failure, "current", schema);
}

/** The first message for a field, for showing next to its input. */
export function issueFor(issues: FieldIssue[], field: string): string | undefined {
  return issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message;
}

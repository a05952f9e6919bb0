import { z } from "zod";

/** Codes a client can branch on; each maps to one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  limit_exceeded: 422,
  rate_limited: 429,
  internal: 500,
  /** The server is overloaded (a full work queue); retrying later may succeed. */
  busy: 503,
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorIssue = { path: string; message: string };

// A brand instead of plain `instanceof`: the custom server (server.ts) and
// the Next.js bundles each load their own copy of this module, and an error
// thrown by one copy must still be recognised by the other.
const APP_ERROR = Symbol.for("debrief.AppError");

/** An expected failure: its message is safe to show to the user. */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
  }

  readonly code: ErrorCode;
  readonly issues: ErrorIssue[];
  /** Extra data for the client, e.g. the current record on a 409. */
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, opts: { issues?: ErrorIssue[]; details?: unknown } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.issues = opts.issues ?? [];
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function notFound(what: string): AppError {
  return new AppError("not_found", `${what} not found`);
}

/** A zod failure as an AppError whose message names the offending fields. */
export function validationError(error: z.ZodError, prefix = ""): AppError {
  const issues = error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    const path = keys.length ? keys.map((k) => (base ? `${base}.${k}` : k)).join(", ") : base || "(body)";
    return { path, message: issue.message };
  });
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return new AppError("validation_failed", `Invalid input — ${summary}`, { issues });
}

/** Parse untrusted input with a zod schema, throwing a 4xx AppError on failure. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

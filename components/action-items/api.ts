import { z } from "zod";

/** A field problem as the API reports it (path "owner", message "must be …"). */
export type FieldIssue = { path: string; message: string };

const zBlocking = z.array(
  z.object({ id: z.string(), title: z.string(), status: z.string(), owner: z.string().nullable(), dueDate: z.string().nullable() }),
);
export type BlockingItemView = z.infer<typeof zBlocking>[number];

// The error body of DESIGN.md; a proxy's HTML error page will not match and is reported generically.
const zErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).catch([]),
    blocking: zBlocking.optional().catch(undefined),
  }),
});

export type ApiFailure = { ok: false; status: number; message: string; issues: FieldIssue[]; blocking?: BlockingItemView[] };
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/**
 * Send JSON to the API and check the answer with `schema`: to the browser
 * an API answer is outside data like any other.
 */
export async function sendJson<T>(method: string, url: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: "Could not reach the server. Nothing was lost: try again.", issues: [] };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    /* not JSON: handled below */
  }
  if (res.ok) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, status: res.status, data: parsed.data };
    return { ok: false, status: res.status, message: "The server sent an answer this page does not understand.", issues: [] };
  }
  const err = zErrorBody.safeParse(json);
  if (!err.success) return { ok: false, status: res.status, message: `The server answered ${res.status}.`, issues: [] };
  return { ok: false, status: res.status, message: err.data.error.message, issues: err.data.error.issues, blocking: err.data.error.blocking };
}

/** The first message for a field, for showing next to its input. */
export function issueFor(issues: FieldIssue[], field: string): string | undefined {
  return issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message;
}

import { randomUUID } from "node:crypto";
import { AppError } from "../errors";

/** The one place errors become HTTP responses. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const body: Record<string, unknown> = { code: err.code, message: err.message, issues: err.issues };
    if (err.details !== undefined) Object.assign(body, err.details);
    return Response.json({ error: body }, { status: err.status });
  }
  // Unexpected: log the details with an id, tell the client only the id.
  const id = randomUUID();
  console.error(`[debrief] unexpected error ${id}:`, err);
  return Response.json(
    { error: { code: "internal", message: `Something went wrong on the server (error id ${id})`, issues: [] } },
    { status: 500 },
  );
}

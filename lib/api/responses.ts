import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { storageUnavailableReason } from "../db/errors";

/** The one place errors become HTTP responses. */
export function errorResponse(err: unknown): Response {
  const unavailable = storageUnavailableReason(err);
  if (unavailable) {
    // Expected while the database restarts or fails over; it clears by
    // itself. The driver's details stay in the log.
    console.error(`[debrief] database unavailable (${unavailable}):`, err instanceof Error ? err.message : err);
    return Response.json(
      { error: { code: "storage_unavailable", message: "The database is unavailable; try again shortly", issues: [] } },
      { status: 503, headers: { "retry-after": "2" } },
    );
  }
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

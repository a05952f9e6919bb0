import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { noteStorageFault, storageFaultMessage } from "../db/storage-health";

/** The one place errors become HTTP responses. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const body: Record<string, unknown> = { code: err.code, message: err.message, issues: err.issues };
    if (err.details !== undefined) Object.assign(body, err.details);
    return Response.json({ error: body }, { status: err.status });
  }
  // A full disk, a read-only or damaged file: the client is told why (503),
  // and health reports it until a write works again.
  const problem = noteStorageFault(err);
  if (problem) {
    console.error(`[debrief] storage fault (${problem.code}):`, err instanceof Error ? err.message : err);
    const response = errorResponse(new AppError("storage_unavailable", storageFaultMessage(problem)));
    response.headers.set("retry-after", problem.kind === "busy" ? "1" : "5");
    return response;
  }
  // Unexpected: log the details with an id, tell the client only the id.
  const id = randomUUID();
  console.error(`[debrief] unexpected error ${id}:`, err);
  return Response.json(
    { error: { code: "internal", message: `Something went wrong on the server (error id ${id})`, issues: [] } },
    { status: 500 },
  );
}

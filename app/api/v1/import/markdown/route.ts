// POST /api/v1/import/markdown — a Markdown postmortem (body text/markdown, at most 2 MB) → 201 with the new incident
import { apiRoute } from "@/lib/api/route";
import { readBodyText } from "@/lib/api/request";
import { AppError } from "@/lib/errors";
import { importMarkdownPostmortem } from "@/lib/postmortem/service";
import { POSTMORTEM_LIMITS } from "@/lib/postmortem/schemas";
import { assertMarkdownCapacity } from "@/lib/workers/pool";

const TEXT_TYPES = /^(?:text\/(?:markdown|x-markdown|plain)|application\/octet-stream)\b/i;

export const POST = apiRoute("POST /api/v1/import/markdown", async (req, { actor }) => {
  const type = req.headers.get("content-type");
  if (type && !TEXT_TYPES.test(type)) {
    throw new AppError("unsupported_media_type", "Send the postmortem as Markdown with Content-Type: text/markdown");
  }
  assertMarkdownCapacity(); // a flood is refused before its 2 MB bodies are held in memory
  const text = await readBodyText(req, POSTMORTEM_LIMITS.importBytesMax);
  if (!text.trim()) throw new AppError("validation_failed", "The Markdown is empty", { issues: [{ path: "(body)", message: "is empty" }] });
  const incident = await importMarkdownPostmortem({ text, actor });
  return Response.json(incident, { status: 201, headers: { location: `/api/v1/incidents/${incident.id}` } });
});

// POST /api/v1/import/markdown — a Markdown postmortem (body text/markdown, at most 2 MB) → 201 with the new incident; ?dryRun=1 → 200 with what would be created, nothing written
import { apiRoute } from "@/lib/api/route";
import { queryObject, readBodyText } from "@/lib/api/request";
import { AppError, parseInput } from "@/lib/errors";
import { importMarkdownPostmortem, previewMarkdownImport } from "@/lib/postmortem/service";
import { POSTMORTEM_LIMITS, ZImportQuery } from "@/lib/postmortem/schemas";
import { assertMarkdownCapacity } from "@/lib/workers/pool";

const TEXT_TYPES = /^(?:text\/(?:markdown|x-markdown|plain)|application\/octet-stream)\b/i;

export const POST = apiRoute("POST /api/v1/import/markdown", async (req, { actor }) => {
  const { dryRun, ...options } = parseInput(ZImportQuery, queryObject(req));
  const type = req.headers.get("content-type");
  if (type && !TEXT_TYPES.test(type)) {
    throw new AppError("unsupported_media_type", "Send the postmortem as Markdown with Content-Type: text/markdown");
  }
  assertMarkdownCapacity(); // a flood is refused before its 2 MB bodies are held in memory
  const text = await readBodyText(req, POSTMORTEM_LIMITS.importBytesMax);
  if (!text.trim()) throw new AppError("validation_failed", "The Markdown is empty", { issues: [{ path: "(body)", message: "is empty" }] });
  if (dryRun) return Response.json(await previewMarkdownImport({ text, options, actor }));
  const incident = await importMarkdownPostmortem({ text, options, actor });
  return Response.json(incident, { status: 201, headers: { location: `/api/v1/incidents/${incident.id}` } });
});

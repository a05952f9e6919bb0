// GET /api/v1/incidents/{id}/postmortem.md — the Markdown export (?template=cloudflare|sre, ?frontMatter=false)
import { apiRoute } from "@/lib/api/route";
import { pathId, queryObject } from "@/lib/api/request";
import { exportIncidentMarkdown } from "@/lib/postmortem/service";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/postmortem.md", async (req, { params, actor }) => {
  const incidentId = pathId(params.id, "Incident");
  const { filename, markdown } = await exportIncidentMarkdown({ incidentId, query: queryObject(req), actor });
  return new Response(markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
});

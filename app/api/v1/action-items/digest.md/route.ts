// GET /api/v1/action-items/digest.md — Markdown digest of overdue items and those due in the next ?days=7, by owner (?now= pins the date)
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { getActionItemDigest } from "@/lib/action-items/digest";
import { publicBaseUrl } from "@/lib/public-url";

export const GET = apiRoute("GET /api/v1/action-items/digest.md", async (req, { actor }) => {
  // Links must work from a chat channel: the configured public address, else the one asked.
  const baseUrl = publicBaseUrl(req);
  const markdown = await getActionItemDigest({ query: queryObject(req), actor, baseUrl });
  return new Response(markdown, { headers: { "content-type": "text/markdown; charset=utf-8", "cache-control": "no-store" } });
});

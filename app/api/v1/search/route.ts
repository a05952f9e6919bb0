// GET /api/v1/search — full-text search over incidents, timeline entries, postmortems and action items (?q, type, severity, service, from, to, cursor, limit)
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { searchEverything } from "@/lib/search/service";

export const GET = apiRoute("GET /api/v1/search", async (req, { actor }) => {
  const page = await searchEverything({ query: queryObject(req), actor });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});

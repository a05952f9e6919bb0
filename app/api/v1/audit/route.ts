import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { listInstanceAudit } from "@/lib/audit/read";

// GET /api/v1/audit — the instance's audit log, newest first (?entity, ?actor, ?before, ?limit) (admin)
export const GET = apiRoute("GET /api/v1/audit", async (req, { actor }) => {
  return Response.json({ entries: await listInstanceAudit({ query: queryObject(req), actor }) });
});

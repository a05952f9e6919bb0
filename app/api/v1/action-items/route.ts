// GET /api/v1/action-items — list action items across incidents (?status, owner, overdue, incident, type, priority, severity, q, sort, dir, page, pageSize)
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { listActionItems } from "@/lib/action-items/service";

export const GET = apiRoute("GET /api/v1/action-items", async (req, { actor }) => {
  return Response.json(await listActionItems({ query: queryObject(req), actor }));
});

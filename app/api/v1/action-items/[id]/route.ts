// GET/PATCH /api/v1/action-items/{id} — read one action item; update it with `version` (409 when stale)
import { apiRoute } from "@/lib/api/route";
import { pathId, readJsonBody } from "@/lib/api/request";
import { getActionItem, updateActionItem } from "@/lib/action-items/service";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/action-items/[id]", async (_req, { params, actor }) => {
  return Response.json(await getActionItem({ id: pathId(params.id, "Action item"), actor }));
});

export const PATCH = apiRoute<P>("PATCH /api/v1/action-items/[id]", async (req, { params, actor }) => {
  const id = pathId(params.id, "Action item");
  return Response.json(await updateActionItem({ id, input: await readJsonBody(req), actor }));
});

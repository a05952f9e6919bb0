// POST /api/v1/action-items/bulk — change the status and/or owner of up to 500 items at once ({ ids, status?, wontDoReason?, owner? })
import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { bulkUpdateActionItems } from "@/lib/action-items/bulk";

export const POST = apiRoute("POST /api/v1/action-items/bulk", async (req, { actor }) => {
  return Response.json(await bulkUpdateActionItems({ input: await readJsonBody(req), actor }));
});

import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { revokeApiKey } from "@/lib/auth/api-keys";

type P = { id: string };

// DELETE /api/v1/api-keys/{id} — revoke a key (admin)
export const DELETE = apiRoute<P>("DELETE /api/v1/api-keys/[id]", async (_req, { params, actor }) => {
  return Response.json(await revokeApiKey({ id: pathId(params.id, "API key"), actor }));
});

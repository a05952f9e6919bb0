import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { setUserActive } from "@/lib/auth/users";

type P = { id: string };

// POST /api/v1/users/{id}/reactivate — a deactivated user may sign in again; their API keys work again (admin)
export const POST = apiRoute<P>("POST /api/v1/users/[id]/reactivate", async (_req, { params, actor }) => {
  return Response.json(await setUserActive({ userId: pathId(params.id, "User"), active: true, actor }));
});

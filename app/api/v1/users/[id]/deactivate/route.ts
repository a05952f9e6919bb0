import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { setUserActive } from "@/lib/auth/users";

type P = { id: string };

// POST /api/v1/users/{id}/deactivate — the user can no longer sign in; their sessions end and their API keys stop (admin)
export const POST = apiRoute<P>("POST /api/v1/users/[id]/deactivate", async (_req, { params, actor }) => {
  return Response.json(await setUserActive({ userId: pathId(params.id, "User"), active: false, actor }));
});

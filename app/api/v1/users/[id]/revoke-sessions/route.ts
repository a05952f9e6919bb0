import { apiRoute } from "@/lib/api/route";
import { revokeUserSessions } from "@/lib/auth/users";

type P = { id: string };

// POST /api/v1/users/{id}/revoke-sessions — sign a user out everywhere (admin)
export const POST = apiRoute<P>("POST /api/v1/users/[id]/revoke-sessions", async (_req, { params, actor }) => {
  return Response.json(await revokeUserSessions({ userId: params.id, actor }));
});

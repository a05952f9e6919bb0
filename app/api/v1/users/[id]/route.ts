import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { setUserRole } from "@/lib/auth/users";

type P = { id: string };

// PATCH /api/v1/users/{id} — change a user's role (admin)
export const PATCH = apiRoute<P>("PATCH /api/v1/users/[id]", async (req, { params, actor }) => {
  return Response.json(await setUserRole({ userId: params.id, input: await readJsonBody(req), actor }));
});

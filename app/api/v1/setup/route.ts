import { publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { setupFirstAdmin } from "@/lib/auth/users";

// POST /api/v1/setup — on a fresh install, create the first admin (409 once any user exists)
export const POST = publicRoute("POST /api/v1/setup", async (req) => {
  const user = await setupFirstAdmin({ input: await readJsonBody(req) });
  return Response.json(user, { status: 201 });
});

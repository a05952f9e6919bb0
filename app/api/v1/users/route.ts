import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { createUser, listUsers } from "@/lib/auth/users";

// GET /api/v1/users — every account (admin)
export const GET = apiRoute("GET /api/v1/users", async (_req, { actor }) => {
  return Response.json({ users: await listUsers({ actor }) });
});

// POST /api/v1/users — create an account with a role (admin)
export const POST = apiRoute("POST /api/v1/users", async (req, { actor }) => {
  return Response.json(await createUser({ input: await readJsonBody(req), actor }), { status: 201 });
});

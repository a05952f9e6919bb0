import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";

// GET /api/v1/api-keys — every key, never the secret (admin)
export const GET = apiRoute("GET /api/v1/api-keys", async (_req, { actor }) => {
  return Response.json({ apiKeys: await listApiKeys({ actor }) });
});

// POST /api/v1/api-keys — create a key with a name and role; the key is in this response only (admin)
export const POST = apiRoute("POST /api/v1/api-keys", async (req, { actor }) => {
  return Response.json(await createApiKey({ input: await readJsonBody(req), actor }), { status: 201 });
});

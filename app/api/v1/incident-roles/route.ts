import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { createIncidentRole, listIncidentRoles } from "@/lib/incident-roles/definitions";

// GET /api/v1/incident-roles — the roles offered on incidents, in order
export const GET = apiRoute("GET /api/v1/incident-roles", async (_req, { actor }) => {
  return Response.json({ roles: await listIncidentRoles({ actor }) });
});

// POST /api/v1/incident-roles — add a custom role: `name` (1–50), optional `description` (admin)
export const POST = apiRoute("POST /api/v1/incident-roles", async (req, { actor }) => {
  return Response.json(await createIncidentRole({ input: await readJsonBody(req), actor }), { status: 201 });
});

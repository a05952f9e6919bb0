import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { removeIncidentRole, updateIncidentRole } from "@/lib/incident-roles/definitions";

type P = { key: string };

// PATCH /api/v1/incident-roles/{key} — rename a role or change its description (admin)
export const PATCH = apiRoute<P>("PATCH /api/v1/incident-roles/[key]", async (req, { params, actor }) => {
  return Response.json(await updateIncidentRole({ key: params.key, input: await readJsonBody(req), actor }));
});

// DELETE /api/v1/incident-roles/{key} — remove a custom role (admin; built-in roles stay)
export const DELETE = apiRoute<P>("DELETE /api/v1/incident-roles/[key]", async (_req, { params, actor }) => {
  return Response.json(await removeIncidentRole({ key: params.key, actor }));
});

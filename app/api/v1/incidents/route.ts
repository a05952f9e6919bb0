import { apiRoute } from "@/lib/api/route";
import { queryObject, readJsonBody } from "@/lib/api/request";
import { createIncident, listIncidents } from "@/lib/incidents/service";

// GET /api/v1/incidents — list incidents, newest first (?status, ?severity, ?q)
export const GET = apiRoute("GET /api/v1/incidents", async (req, { actor }) => {
  const incidents = await listIncidents({ query: queryObject(req), actor });
  return Response.json({ incidents });
});

// POST /api/v1/incidents — declare an incident
export const POST = apiRoute("POST /api/v1/incidents", async (req, { actor }) => {
  const incident = await createIncident({ input: await readJsonBody(req), actor });
  return Response.json(incident, { status: 201 });
});

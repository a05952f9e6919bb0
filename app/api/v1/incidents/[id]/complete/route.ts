// GET/POST /api/v1/incidents/{id}/complete — whether the postmortem can be completed (and which items hold it open); complete it (409 with `blocking` while items are open)
import { apiRoute } from "@/lib/api/route";
import { pathId } from "@/lib/api/request";
import { canCompletePostmortem, setPostmortemComplete } from "@/lib/postmortem/complete";

type P = { id: string };

export const GET = apiRoute<P>("GET /api/v1/incidents/[id]/complete", async (_req, { params, actor }) => {
  return Response.json(await canCompletePostmortem({ incidentId: pathId(params.id, "Incident"), actor }));
});

export const POST = apiRoute<P>("POST /api/v1/incidents/[id]/complete", async (_req, { params, actor }) => {
  return Response.json(await setPostmortemComplete({ incidentId: pathId(params.id, "Incident"), actor }));
});

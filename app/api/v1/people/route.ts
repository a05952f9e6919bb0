import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { searchPeople } from "@/lib/people/lookup";

// GET /api/v1/people — active accounts by name or email prefix (?q, limit ≤ 20), for owner and role pickers
export const GET = apiRoute("GET /api/v1/people", async (req, { actor }) => {
  return Response.json(await searchPeople({ query: queryObject(req), actor }));
});

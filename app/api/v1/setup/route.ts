import { publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { setupFirstAdmin } from "@/lib/auth/users";
import { clientAddress, isLocalRequest } from "@/lib/auth/request-origin";
import { answerRefusalsSlowly } from "@/lib/auth/slow-failure";

const setup = publicRoute("POST /api/v1/setup", async (req) => {
  const client = { address: clientAddress(req.headers), local: isLocalRequest(req.headers) };
  const user = await setupFirstAdmin({ input: await readJsonBody(req), client });
  return Response.json(user, { status: 201 });
});

// POST /api/v1/setup — on a fresh install, create the first admin (409 once any user exists; `setupCode` from the server log unless on the server's own machine)
export async function POST(req: Request, ctx: { params: Promise<Record<string, never>> }): Promise<Response> {
  const startedAt = Date.now();
  return answerRefusalsSlowly(startedAt, await setup(req, ctx));
}

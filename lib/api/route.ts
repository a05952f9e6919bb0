import type { Actor } from "../auth/actor";
import { actorForRequest } from "../auth/request-actor";
import { errorResponse } from "./responses";

type Params = Record<string, string | string[] | undefined>;
type Context<P extends Params> = { params: Promise<P> };

/**
 * Wrap an API route handler: resolve the actor and params, and turn every
 * thrown error into a JSON error response, so no request ends in an
 * unhandled exception.
 */
export function apiRoute<P extends Params = Params>(
  handler: (req: Request, ctx: { params: P; actor: Actor }) => Promise<Response>,
) {
  return async (req: Request, ctx: Context<P>): Promise<Response> => {
    try {
      const actor = await actorForRequest(req);
      return await handler(req, { params: await ctx.params, actor });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

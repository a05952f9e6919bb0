import type { Actor } from "../auth/actor";
import { authorize, authorizeForAccount } from "../auth/authorize";
import { API_RULES, type ApiRouteKey } from "../auth/permissions";
import { actorForRequest } from "../auth/request-actor";
import { isOwnOrigin } from "../auth/request-origin";
import { AppError } from "../errors";
import { errorResponse } from "./responses";

type Params = Record<string, string | string[] | undefined>;
type Context<P extends Params> = { params: Promise<P> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// JSON is never a page: nothing in it may run, frame or be sniffed as HTML.
function withSecurityHeaders(response: Response): Response {
  response.headers.set("x-content-type-options", "nosniff");
  if (!response.headers.has("content-security-policy")) {
    response.headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  }
  return response;
}

/**
 * Mutations only from this instance's own pages or from clients that send no
 * Origin (curl, scripts with an API key). A browser on another site always
 * sends Origin (and Sec-Fetch-Site) with a cross-origin write.
 */
export function refuseCrossOriginWrite(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    throw new AppError("forbidden", "Cross-site requests may not change anything");
  }
  const origin = req.headers.get("origin");
  if (!origin) return;
  // The request's own host (X-Forwarded-Host only from a trusted proxy) or the configured public URL.
  if (!isOwnOrigin(origin, req.headers)) throw new AppError("forbidden", "Requests from another origin may not change anything");
}

/**
 * Wrap an API route handler: refuse cross-origin writes, resolve who is
 * asking, check the route's rule in lib/auth/permissions.ts, and turn every
 * thrown error into a JSON error response, so no request ends in an
 * unhandled exception.
 */
export function apiRoute<P extends Params = Params>(
  key: ApiRouteKey,
  handler: (req: Request, ctx: { params: P; actor: Actor }) => Promise<Response>,
) {
  const rule = API_RULES[key];
  return async (req: Request, ctx: Context<P>): Promise<Response> => {
    try {
      refuseCrossOriginWrite(req);
      const actor = await actorForRequest(req);
      if (!actor) throw new AppError("unauthorized", "Sign in, or send an API key as Authorization: Bearer <key>");
      const params = await ctx.params;
      if (typeof rule === "object") authorizeForAccount(actor, rule, typeof params.id === "string" ? params.id : "");
      else if (rule !== "public") authorize(actor, rule);
      return withSecurityHeaders(await handler(req, { params, actor }));
    } catch (err) {
      return withSecurityHeaders(errorResponse(err));
    }
  };
}

/** A route anyone may call (health, first-run setup); writes are still same-origin only. */
export function publicRoute<P extends Params = Params>(
  key: ApiRouteKey,
  handler: (req: Request, ctx: { params: P }) => Promise<Response>,
) {
  if (API_RULES[key] !== "public") throw new Error(`${key} is not public in lib/auth/permissions.ts`);
  return async (req: Request, ctx: Context<P>): Promise<Response> => {
    try {
      refuseCrossOriginWrite(req);
      return withSecurityHeaders(await handler(req, { params: await ctx.params }));
    } catch (err) {
      return withSecurityHeaders(errorResponse(err));
    }
  };
}

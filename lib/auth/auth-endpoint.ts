import "server-only";
import { refuseCrossOriginWrite } from "../api/route";
import { readJsonBody } from "../api/request";
import { errorResponse } from "../api/responses";
import { AppError } from "../errors";
import { changeOwnPassword, updateOwnProfile } from "./account";
import { withoutSessionTokens } from "./auth-response";
import { authFor } from "./better-auth";
import { actorFromSession } from "./request-actor";
import { isHttpsRequest, isLoopbackHost, requestHost } from "./request-origin";
import { answerRefusalsSlowly } from "./slow-failure";

/**
 * /api/auth/* — better-auth's endpoints, behind Debrief's own rules:
 *  - writes from another origin are refused, as for /api/v1;
 *  - only the endpoints the app uses are reachable (sign-in, sign-out,
 *    sessions); the rest of better-auth's surface (sign-up, password reset,
 *    social sign-in, account deletion …) answers 404;
 *  - a user's own name and password changes are answered by Debrief's
 *    services (limits, audit row, other sessions signed out);
 *  - refused sign-ins and password changes are answered slowly.
 */
const BETTER_AUTH_ENDPOINTS: Record<string, "GET" | "POST"> = {
  "/get-session": "GET",
  "/list-sessions": "GET",
  "/sign-in/email": "POST",
  "/sign-out": "POST",
  "/revoke-session": "POST",
  "/revoke-sessions": "POST",
  "/revoke-other-sessions": "POST",
};
const OWN_ACCOUNT_ENDPOINTS = new Set(["/update-user", "/change-password"]);
const PASSWORD_PATHS = new Set(["/sign-in/email", "/change-password"]);

function endpointPath(req: Request): string {
  const pathname = new URL(req.url).pathname.replace(/^\/api\/auth/, "");
  return pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
}

async function ownAccount(req: Request, path: string): Promise<Response> {
  const actor = await actorFromSession(req.headers);
  if (!actor) throw new AppError("unauthorized", "Sign in first");
  const input = await readJsonBody(req);
  if (path === "/update-user") return Response.json({ status: true, user: await updateOwnProfile({ input, actor }) });
  return Response.json({ status: true, ...(await changeOwnPassword({ input, actor })) });
}

/** One log line the first time someone signs in over plain HTTP at a non-loopback name. */
function warnAboutPlainHttp(req: Request): void {
  const g = globalThis as unknown as { __debriefPlainHttpWarned?: boolean };
  if (g.__debriefPlainHttpWarned || isHttpsRequest(req.headers)) return;
  const host = requestHost(req.headers);
  if (isLoopbackHost(host)) return;
  g.__debriefPlainHttpWarned = true;
  console.warn(
    `[debrief] warning: sign-in over plain HTTP at ${host ?? "an unknown host"}: session cookies are sent unencrypted and without the Secure flag. ` +
      "Serve Debrief over HTTPS (a TLS proxy with DEBRIEF_TRUST_PROXY=1, or an https BETTER_AUTH_URL / DEBRIEF_PUBLIC_URL).",
  );
}

export async function handleAuthRequest(req: Request): Promise<Response> {
  const startedAt = Date.now();
  const path = endpointPath(req);
  let response: Response;
  try {
    refuseCrossOriginWrite(req);
    if (OWN_ACCOUNT_ENDPOINTS.has(path)) {
      if (req.method !== "POST") throw new AppError("method_not_allowed", `Use POST for /api/auth${path}`);
      response = await ownAccount(req, path);
    } else {
      const method = BETTER_AUTH_ENDPOINTS[path];
      if (!method) throw new AppError("not_found", `No such endpoint: /api/auth${path}`);
      if (req.method !== method) throw new AppError("method_not_allowed", `Use ${method} for /api/auth${path}`);
      if (path === "/sign-in/email") warnAboutPlainHttp(req);
      response = await withoutSessionTokens(await authFor(req.headers).handler(req));
    }
  } catch (err) {
    response = errorResponse(err);
  }
  return PASSWORD_PATHS.has(path) ? answerRefusalsSlowly(startedAt, response) : response;
}

import "server-only";
import { AppError } from "../errors";
import { authFor } from "./better-auth";
import { actorForApiKey } from "./api-keys";
import { isRole, type Actor } from "./actor";

type SessionUser = { id: string; name: string; role?: unknown; banned?: unknown };

function userActor(user: SessionUser, sessionId: string): Actor | null {
  if (user.banned === true) return null;
  return {
    id: user.id,
    name: user.name,
    role: isRole(user.role) ? user.role : "viewer",
    kind: "user",
    credential: { kind: "session", id: sessionId, userId: user.id },
  };
}

/** The signed-in user of these request headers, or null. */
export async function actorFromSession(headers: Headers): Promise<Actor | null> {
  const session = await authFor(headers).api.getSession({ headers });
  return session ? userActor(session.user, session.session.id) : null;
}

/**
 * Who is making this request: an API key (`Authorization: Bearer …`) or a
 * session cookie. Null when anonymous; a bad key is a 401, never a fallback
 * to the cookie.
 */
export async function actorForRequest(req: Request): Promise<Actor | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await actorForApiKey(match[1]) : null;
    if (!actor) throw new AppError("unauthorized", "The API key is missing, malformed, unknown or revoked, or its owner's account is deactivated");
    return actor;
  }
  return actorFromSession(req.headers);
}

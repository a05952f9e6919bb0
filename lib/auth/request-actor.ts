import "server-only";
import { AppError } from "../errors";
import { auth } from "./better-auth";
import { actorForApiKey } from "./api-keys";
import { isRole, type Actor } from "./actor";

type SessionUser = { id: string; name: string; role?: unknown; banned?: unknown };

function userActor(user: SessionUser): Actor | null {
  if (user.banned === true) return null;
  return { id: user.id, name: user.name, role: isRole(user.role) ? user.role : "viewer", kind: "user" };
}

/** The signed-in user of these request headers, or null. */
export async function actorFromSession(headers: Headers): Promise<Actor | null> {
  const session = await auth().api.getSession({ headers });
  return session ? userActor(session.user) : null;
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
    if (!actor) throw new AppError("unauthorized", "The API key is missing, malformed, unknown or revoked");
    return actor;
  }
  return actorFromSession(req.headers);
}

import { LOCAL_ACTOR, type Actor } from "./actor";

/**
 * Who is making this request. Until accounts exist every request acts as
 * the built-in local user.
 */
export async function actorForRequest(_req: Request): Promise<Actor> {
  return LOCAL_ACTOR;
}

/** The actor of a page render or server action. */
export async function currentActor(): Promise<Actor> {
  return LOCAL_ACTOR;
}

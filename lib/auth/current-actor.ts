import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actorFromSession } from "./request-actor";
import type { Actor } from "./actor";

/** The signed-in user of a page render; anonymous visitors go to sign-in. */
export async function currentActor(): Promise<Actor> {
  const actor = await actorFromSession(await headers());
  if (!actor) redirect("/sign-in");
  return actor;
}

/** The signed-in user, or null (for pages that anonymous visitors may see). */
export async function optionalActor(): Promise<Actor | null> {
  return actorFromSession(await headers());
}

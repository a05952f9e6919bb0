/**
 * Who is doing something. Every service takes one; the request layer
 * (lib/auth/request-actor.ts) makes it from a session or an API key.
 */
export type Role = "viewer" | "responder" | "admin";

export type Actor = {
  id: string;
  name: string;
  role: Role;
  kind: "user" | "api_key" | "system";
  /**
   * What a request proved itself with, for what outlives the request (live
   * streams end with it) and what an API key acts for (the person it is
   * bound to, or null for a service key). Absent for shells and tests.
   */
  credential?: Credential;
};

export type Credential =
  | { kind: "session"; id: string; userId: string }
  | { kind: "api_key"; id: string; userId: string | null };

/** For shell tools (npm run user / token) acting on the instance directly. */
export const SYSTEM_ACTOR: Actor = { id: "system", name: "System (command line)", role: "admin", kind: "system" };

/** An admin actor for tests and scripts that do not go through HTTP. */
export const LOCAL_ACTOR: Actor = { id: "local", name: "Local responder", role: "admin", kind: "user" };

/**
 * The account an actor acts for: the signed-in user, or the person a
 * personal API key belongs to; null for service keys and the shell.
 */
export function personIdOf(actor: Actor): string | null {
  if (actor.kind === "user") return actor.id;
  if (actor.credential?.kind === "api_key") return actor.credential.userId;
  return null;
}

export function isRole(value: unknown): value is Role {
  return value === "viewer" || value === "responder" || value === "admin";
}

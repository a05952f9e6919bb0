/**
 * Who is doing something. Every service takes one, so accounts and
 * permissions can be added without changing call sites.
 */
export type Role = "viewer" | "responder" | "admin";

export type Actor = {
  id: string;
  name: string;
  role: Role;
  kind: "user" | "api_key" | "system";
};

/** The single built-in user of an instance that has no accounts yet. */
export const LOCAL_ACTOR: Actor = {
  id: "local",
  name: process.env.DEBRIEF_LOCAL_USER_NAME || "Local responder",
  role: "admin",
  kind: "user",
};

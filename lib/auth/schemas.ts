import { z } from "zod";
import { zText } from "../validation";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";

export const ROLES = ["viewer", "responder", "admin"] as const;
export const zRole = z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` });

const zEmail = z.email({ message: "must be an email address" }).max(254, "must be at most 254 characters").transform((e) => e.toLowerCase());
const zPassword = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

/** The first admin, made by the first visitor of a fresh install. */
export const ZSetupAdmin = z.strictObject({
  email: zEmail,
  name: zText(100),
  password: zPassword,
  /** The one-time code from the server log; needed unless the request comes from the server's own machine. */
  setupCode: z.string().max(64, "must be at most 64 characters").optional(),
});

export const ZCreateUser = z.strictObject({
  email: zEmail,
  name: zText(100),
  password: zPassword,
  role: zRole,
});

export const ZSetUserRole = z.strictObject({ role: zRole });

export const ZCreateApiKey = z.strictObject({
  name: zText(100),
  role: zRole,
  /** true: a service key, bound to no person (admins only); default: a key bound to its maker. */
  service: z.boolean().optional().default(false),
});

/** What a user may change about themselves (better-auth's update-user body). */
export const ZUpdateOwnProfile = z.strictObject({ name: zText(100) });

/** A user's own password change (better-auth's change-password body). */
export const ZChangeOwnPassword = z.strictObject({
  currentPassword: z.string().min(1, "must not be empty").max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
  newPassword: zPassword,
  /** Accepted for better-auth's client; other sessions are always signed out. */
  revokeOtherSessions: z.boolean().optional(),
});

import { z } from "zod";
import { zAccountId, zPersonName } from "../people/schemas";

export const ROLE_LIMITS = {
  nameMax: 50,
  descriptionMax: 300,
  /** Roles offered on every incident header (built-in ones included). */
  activeMax: 20,
  /** Every role ever made, removed ones included (they stay for history). */
  totalMax: 200,
  keyMax: 40,
} as const;

const singleLine = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const zRoleName = z
  .string({ message: "must be text" })
  .trim()
  .min(1, "must not be empty")
  .max(ROLE_LIMITS.nameMax, `must be at most ${ROLE_LIMITS.nameMax} characters`)
  .refine(singleLine, "must be a single line without control characters");

const zRoleDescription = z
  .string({ message: "must be text" })
  .trim()
  .max(ROLE_LIMITS.descriptionMax, `must be at most ${ROLE_LIMITS.descriptionMax} characters`)
  .refine(singleLine, "must be a single line without control characters");

/** The role part of a URL (/roles/commander): lower-case letters, digits and dashes. */
export const zRoleKey = z
  .string()
  .max(ROLE_LIMITS.keyMax)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);

export const ZCreateIncidentRole = z.strictObject({
  name: zRoleName,
  description: zRoleDescription.optional(),
});
export type TCreateIncidentRole = z.input<typeof ZCreateIncidentRole>;

export const ZUpdateIncidentRole = z
  .strictObject({ name: zRoleName.optional(), description: zRoleDescription.optional() })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: "give a name or a description to change", path: ["name"] });
export type TUpdateIncidentRole = z.input<typeof ZUpdateIncidentRole>;

/**
 * Who takes a role: an account (`userId`) or someone without one (`name`).
 * A name that is exactly one account's name or email is linked to it.
 */
export const ZAssignIncidentRole = z
  .strictObject({ userId: zAccountId.optional(), name: zPersonName.optional() })
  .superRefine((v, ctx) => {
    if (v.userId === undefined && v.name === undefined) ctx.addIssue({ code: "custom", path: ["userId"], message: "give userId (an account) or name (someone without one)" });
    if (v.userId !== undefined && v.name !== undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "give userId or name, not both" });
  });
export type TAssignIncidentRole = z.input<typeof ZAssignIncidentRole>;

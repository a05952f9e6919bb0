import { z } from "zod";
import { ROLES } from "@/lib/auth/schemas";
import type { Role } from "@/lib/auth/actor";
import type { UserDto } from "@/lib/auth/users";
import type { ApiKeyDto } from "@/lib/auth/api-keys";
import { sendJson } from "@/components/action-items/api";

// What the settings screens hold; the server converts its DTOs with
// userToJson / apiKeyToJson, the browser checks API answers with the schemas.
const zIso = z.iso.datetime({ offset: true });

export const zUserJson = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  banned: z.boolean(),
  createdAt: zIso,
});
export type UserJson = z.infer<typeof zUserJson>;

export const zApiKeyJson = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  effectiveRole: z.enum(ROLES).nullable(),
  kind: z.enum(["personal", "service"]),
  ownerId: z.string().nullable(),
  prefix: z.string(),
  createdAt: zIso,
  lastUsedAt: zIso.nullable(),
  revokedAt: zIso.nullable(),
  createdBy: z.string().nullable(),
});
export type ApiKeyJson = z.infer<typeof zApiKeyJson>;

export function userToJson(u: UserDto): UserJson {
  return { ...u, createdAt: u.createdAt.toISOString() };
}

export function apiKeyToJson(k: ApiKeyDto): ApiKeyJson {
  return {
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
  };
}

export const zRoleDefinitionJson = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  position: z.number().int(),
});
export type RoleDefinitionJson = z.infer<typeof zRoleDefinitionJson>;

const rolePath = (key: string) => `/api/v1/incident-roles/${encodeURIComponent(key)}`;

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export const settingsApi = {
  createUser: (input: { email: string; name: string; role: Role; password: string }) => sendJson("POST", "/api/v1/users", input, zUserJson),
  setUserRole: (id: string, role: Role) => sendJson("PATCH", userPath(id), { role }, zUserJson),
  revokeSessions: (id: string) => sendJson("POST", `${userPath(id)}/revoke-sessions`, undefined, z.object({ revoked: z.number().int() })),
  setActive: (id: string, active: boolean) => sendJson("POST", `${userPath(id)}/${active ? "reactivate" : "deactivate"}`, undefined, zUserJson),
  createApiKey: (input: { name: string; role: Role; service: boolean }) =>
    sendJson("POST", "/api/v1/api-keys", input, z.object({ key: z.string(), apiKey: zApiKeyJson })),
  createRole: (input: { name: string; description: string }) => sendJson("POST", "/api/v1/incident-roles", input, zRoleDefinitionJson),
  updateRole: (key: string, input: { name?: string; description?: string }) => sendJson("PATCH", rolePath(key), input, zRoleDefinitionJson),
  removeRole: (key: string) => sendJson("DELETE", rolePath(key), undefined, zRoleDefinitionJson),
  revokeApiKey: (id: string) => sendJson("DELETE", `/api/v1/api-keys/${encodeURIComponent(id)}`, undefined, zApiKeyJson),
};

/** "2026-03-03 14:05 UTC": the same text on the server and in the browser. */
export function formatUtc(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—";
}

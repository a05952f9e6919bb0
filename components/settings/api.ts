import { z } from "zod";
import { ROLES } from "@/lib/auth/schemas";
import type { Role } from "@/lib/auth/actor";
import { apiRequest } from "@/lib/api-client";
import { zIso } from "@/lib/wire";
import { zRoleDefinitionJson } from "@/lib/incident-roles/wire";

// Accounts and API keys on the wire (lib/wire.ts). They live here rather than
// beside their DTOs because lib/auth is another branch's ground for now.

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

const rolePath = (key: string) => `/api/v1/incident-roles/${encodeURIComponent(key)}`;

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export const settingsApi = {
  createUser: (input: { email: string; name: string; role: Role; password: string }) => apiRequest("POST", "/api/v1/users", zUserJson, { body: input }),
  setUserRole: (id: string, role: Role) => apiRequest("PATCH", userPath(id), zUserJson, { body: { role } }),
  revokeSessions: (id: string) => apiRequest("POST", `${userPath(id)}/revoke-sessions`, z.object({ revoked: z.number().int() })),
  setActive: (id: string, active: boolean) => apiRequest("POST", `${userPath(id)}/${active ? "reactivate" : "deactivate"}`, zUserJson),
  createApiKey: (input: { name: string; role: Role; service: boolean }) =>
    apiRequest("POST", "/api/v1/api-keys", z.object({ key: z.string(), apiKey: zApiKeyJson }), { body: input }),
  createRole: (input: { name: string; description: string }) => apiRequest("POST", "/api/v1/incident-roles", zRoleDefinitionJson, { body: input }),
  updateRole: (key: string, input: { name?: string; description?: string }) => apiRequest("PATCH", rolePath(key), zRoleDefinitionJson, { body: input }),
  removeRole: (key: string) => apiRequest("DELETE", rolePath(key), zRoleDefinitionJson),
  startBackup: () => apiRequest("POST", "/api/v1/backups", z.object({ started: z.literal(true) })),
  revokeApiKey: (id: string) => apiRequest("DELETE", `/api/v1/api-keys/${encodeURIComponent(id)}`, zApiKeyJson),
};

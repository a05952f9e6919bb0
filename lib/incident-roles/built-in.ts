/**
 * The roles every incident has, made by the migration that introduced
 * roles (prisma/migrations/…_incident_roles_people) with these ids. Admins
 * may rename them but not remove them.
 */
export const BUILT_IN_ROLES = {
  commander: "8f5a3c1e-0b6d-4c1a-9e1f-000000000001",
  scribe: "8f5a3c1e-0b6d-4c1a-9e1f-000000000002",
  communications: "8f5a3c1e-0b6d-4c1a-9e1f-000000000003",
} as const;

export type BuiltInRoleKey = keyof typeof BUILT_IN_ROLES;

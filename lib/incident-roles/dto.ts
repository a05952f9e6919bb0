/**
 * An incident's roles as every viewer sees them. Plain JSON (times as ISO
 * strings), so the same object travels over the API, the live stream and
 * into client components.
 */
export type RoleHolderDto = {
  /** The account, or null for someone named without one. */
  userId: string | null;
  name: string;
  assignedAt: string;
  assignedBy: string;
};

export type IncidentRoleSlotDto = {
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  /** Removed by an admin: shown while someone still holds it, never offered again. */
  archived: boolean;
  holder: RoleHolderDto | null;
};

export type IncidentRolesDto = {
  incidentId: string;
  /** Grows with every change; a viewer keeps the highest it has seen. */
  version: number;
  roles: IncidentRoleSlotDto[];
};

export type IncidentRoleDefinitionDto = {
  id: string;
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  position: number;
};

/** An incident's roles on the wire (GET …/roles, the live stream's `roles` frames): the shape of IncidentRolesDto. */
import { z } from "zod";
import { zIso } from "../wire";

export const zIncidentRolesJson = z.object({
  incidentId: z.string(),
  version: z.number().int(),
  roles: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      builtIn: z.boolean(),
      archived: z.boolean(),
      holder: z.object({ userId: z.string().nullable(), name: z.string(), assignedAt: zIso, assignedBy: z.string() }).nullable(),
    }),
  ),
});
export type IncidentRolesJson = z.infer<typeof zIncidentRolesJson>;

/** A role an admin can assign (GET/POST /api/v1/incident-roles): IncidentRoleDefinitionDto. */
export const zRoleDefinitionJson = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  position: z.number().int(),
});
export type RoleDefinitionJson = z.infer<typeof zRoleDefinitionJson>;

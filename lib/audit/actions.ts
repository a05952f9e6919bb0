/**
 * Every audit action, per entity: the one list that writers are typed
 * against and readers filter by. No server-only imports: the audit pages'
 * filters read it in the browser too.
 */
export const AUDIT_ACTIONS = {
  incident: [
    "create",
    "update",
    "delete",
    "import",
    "postmortem_status",
    "complete_postmortem",
    "reopen_postmortem",
    "assign_role",
    "unassign_role",
    "link_role_holder",
  ],
  event: ["create", "update", "delete", "restore"],
  postmortem: ["create", "update"],
  action_item: ["create", "update", "bulk_update", "link_owner"],
  user: ["create", "update", "set_role", "deactivate", "reactivate", "revoke_sessions", "change_password"],
  api_key: ["create", "revoke"],
  incident_role: ["create", "update", "delete"],
} as const;

export type AuditEntity = keyof typeof AUDIT_ACTIONS;
export type AuditAction<E extends AuditEntity = AuditEntity> = (typeof AUDIT_ACTIONS)[E][number];

export const AUDIT_ENTITIES = ["incident", "event", "postmortem", "action_item", "user", "api_key", "incident_role"] as const satisfies readonly AuditEntity[];

/** One audit entry as a writer states it: the action must be one of its entity's. */
export type AuditEntry = {
  [E in AuditEntity]: {
    incidentId?: string | null;
    entity: E;
    entityId: string;
    action: AuditAction<E>;
    before?: unknown;
    after?: unknown;
  };
}[AuditEntity];

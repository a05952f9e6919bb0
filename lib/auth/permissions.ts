import { SIGN_OUT_EVERYWHERE, type AccountRule, type Capability } from "./capabilities";

/**
 * Who may call what: every API route and its rule, in one table. A rule is
 * a capability (lib/auth/capabilities.ts says which roles have it), `public`
 * (no sign-in), or an account rule for routes on one account (`[id]` is a
 * user id: its owner and everyone else may need different capabilities).
 * test/api/authorization-matrix.test.ts walks app/api and fails for a route
 * that has no rule here, then checks every rule for every role over HTTP.
 */
export type Rule = Capability | AccountRule | "public";

export const API_RULES = {
  "GET /api/health": "public",
  "POST /api/v1/setup": "public",

  "GET /api/v1/incidents": "incidents.read",
  "POST /api/v1/incidents": "incidents.write",
  "GET /api/v1/incidents/stream": "incidents.read",
  "GET /api/v1/incidents/[id]": "incidents.read",
  "PATCH /api/v1/incidents/[id]": "incidents.write",
  "DELETE /api/v1/incidents/[id]": "incidents.delete",
  "GET /api/v1/incidents/[id]/audit": "incidents.read",
  "GET /api/v1/incidents/[id]/roles": "incidents.read",
  "PUT /api/v1/incidents/[id]/roles/[role]": "incident_roles.assign",
  "DELETE /api/v1/incidents/[id]/roles/[role]": "incident_roles.assign",
  "GET /api/v1/incident-roles": "incidents.read",
  "POST /api/v1/incident-roles": "incident_roles.manage",
  "PATCH /api/v1/incident-roles/[key]": "incident_roles.manage",
  "DELETE /api/v1/incident-roles/[key]": "incident_roles.manage",
  "GET /api/v1/people": "incidents.read",

  "GET /api/v1/incidents/[id]/events": "incidents.read",
  "POST /api/v1/incidents/[id]/events": "timeline.write",
  "GET /api/v1/incidents/[id]/events/stream": "incidents.read",
  "PATCH /api/v1/incidents/[id]/events/[eventId]": "timeline.write",
  "DELETE /api/v1/incidents/[id]/events/[eventId]": "timeline.write",
  "POST /api/v1/incidents/[id]/events/[eventId]/restore": "timeline.write",
  "GET /api/v1/incidents/[id]/events/[eventId]/revisions": "incidents.read",

  "GET /api/v1/incidents/[id]/postmortem": "incidents.read",
  "PUT /api/v1/incidents/[id]/postmortem": "postmortem.write",
  "PUT /api/v1/incidents/[id]/postmortem/status": "postmortem.write",
  "GET /api/v1/incidents/[id]/postmortem.md": "incidents.read",
  "POST /api/v1/import/markdown": "incidents.write",

  "GET /api/v1/incidents/[id]/action-items": "incidents.read",
  "POST /api/v1/incidents/[id]/action-items": "action_items.write",
  "GET /api/v1/incidents/[id]/complete": "incidents.read",
  "POST /api/v1/incidents/[id]/complete": "postmortem.write",
  "GET /api/v1/action-items": "incidents.read",
  "POST /api/v1/action-items/bulk": "action_items.write",
  "GET /api/v1/action-items/[id]": "incidents.read",
  "PATCH /api/v1/action-items/[id]": "action_items.write",
  "GET /api/v1/action-items/export.csv": "incidents.read",
  "GET /api/v1/action-items/digest.md": "incidents.read",

  "GET /api/v1/search": "incidents.read",
  "GET /api/v1/metrics": "incidents.read",
  "GET /api/v1/metrics/export.csv": "incidents.read",

  "GET /api/v1/users": "users.manage",
  "POST /api/v1/users": "users.manage",
  "PATCH /api/v1/users/[id]": "users.manage",
  "POST /api/v1/users/[id]/revoke-sessions": SIGN_OUT_EVERYWHERE,
  "POST /api/v1/users/[id]/deactivate": "users.manage",
  "POST /api/v1/users/[id]/reactivate": "users.manage",
  "GET /api/v1/api-keys": "api_keys.manage",
  "POST /api/v1/api-keys": "api_keys.manage",
  "DELETE /api/v1/api-keys/[id]": "api_keys.manage",
  "GET /api/v1/audit": "audit.read_all",
  "GET /api/v1/backups": "backups.manage",
  "POST /api/v1/backups": "backups.manage",
} as const satisfies Record<string, Rule>;

export type ApiRouteKey = keyof typeof API_RULES;

/**
 * Routes outside this table on purpose: /api/auth/* (sign-in, sign-out,
 * sessions, a user's own name and password; lib/auth/auth-endpoint.ts
 * checks the origin, the session and the rate limits itself), and the JSON
 * 404 for unknown API paths.
 */
export const UNRULED_ROUTE_FILES = ["app/api/auth/[...all]/route.ts", "app/api/[...path]/route.ts"];

import type { Permission } from "./authorize";

/**
 * Who may call what: every API route and its rule, in one table.
 * `public` needs no sign-in; `read` is any signed-in role (viewer and up);
 * `write` is responder and up; `admin` is admin only.
 * test/api/authorization-matrix.test.ts walks app/api and fails for a route
 * that has no rule here, then checks every rule for every role over HTTP.
 */
export type Rule = Permission | "public";

export const API_RULES = {
  "GET /api/health": "public",
  "POST /api/v1/setup": "public",

  "GET /api/v1/incidents": "read",
  "POST /api/v1/incidents": "write",
  "GET /api/v1/incidents/stream": "read",
  "GET /api/v1/incidents/[id]": "read",
  "PATCH /api/v1/incidents/[id]": "write",
  "DELETE /api/v1/incidents/[id]": "admin",
  "GET /api/v1/incidents/[id]/audit": "read",
  "GET /api/v1/incidents/[id]/roles": "read",
  "PUT /api/v1/incidents/[id]/roles/[role]": "write",
  "DELETE /api/v1/incidents/[id]/roles/[role]": "write",
  "GET /api/v1/incident-roles": "read",
  "POST /api/v1/incident-roles": "admin",
  "PATCH /api/v1/incident-roles/[key]": "admin",
  "DELETE /api/v1/incident-roles/[key]": "admin",
  "GET /api/v1/people": "read",

  "GET /api/v1/incidents/[id]/events": "read",
  "POST /api/v1/incidents/[id]/events": "write",
  "GET /api/v1/incidents/[id]/events/stream": "read",
  "PATCH /api/v1/incidents/[id]/events/[eventId]": "write",
  "DELETE /api/v1/incidents/[id]/events/[eventId]": "write",
  "POST /api/v1/incidents/[id]/events/[eventId]/restore": "write",
  "GET /api/v1/incidents/[id]/events/[eventId]/revisions": "read",

  "GET /api/v1/incidents/[id]/postmortem": "read",
  "PUT /api/v1/incidents/[id]/postmortem": "write",
  "PUT /api/v1/incidents/[id]/postmortem/status": "write",
  "GET /api/v1/incidents/[id]/postmortem.md": "read",
  "POST /api/v1/import/markdown": "write",

  "GET /api/v1/incidents/[id]/action-items": "read",
  "POST /api/v1/incidents/[id]/action-items": "write",
  "GET /api/v1/incidents/[id]/complete": "read",
  "POST /api/v1/incidents/[id]/complete": "write",
  "GET /api/v1/action-items": "read",
  "POST /api/v1/action-items/bulk": "write",
  "GET /api/v1/action-items/[id]": "read",
  "PATCH /api/v1/action-items/[id]": "write",
  "GET /api/v1/action-items/export.csv": "read",
  "GET /api/v1/action-items/digest.md": "read",

  "GET /api/v1/search": "read",
  "GET /api/v1/metrics": "read",
  "GET /api/v1/metrics/export.csv": "read",

  "GET /api/v1/users": "admin",
  "POST /api/v1/users": "admin",
  "PATCH /api/v1/users/[id]": "admin",
  "POST /api/v1/users/[id]/revoke-sessions": "admin",
  "POST /api/v1/users/[id]/deactivate": "admin",
  "POST /api/v1/users/[id]/reactivate": "admin",
  "GET /api/v1/api-keys": "admin",
  "POST /api/v1/api-keys": "admin",
  "DELETE /api/v1/api-keys/[id]": "admin",
  "GET /api/v1/audit": "admin",
  "GET /api/v1/backups": "admin",
  "POST /api/v1/backups": "admin",
} as const satisfies Record<string, Rule>;

export type ApiRouteKey = keyof typeof API_RULES;

/**
 * Routes outside this table on purpose: /api/auth/* (sign-in, sign-out,
 * sessions, a user's own name and password; lib/auth/auth-endpoint.ts
 * checks the origin, the session and the rate limits itself), and the JSON
 * 404 for unknown API paths.
 */
export const UNRULED_ROUTE_FILES = ["app/api/auth/[...all]/route.ts", "app/api/[...path]/route.ts"];

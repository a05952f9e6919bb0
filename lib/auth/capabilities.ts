import type { Role } from "./actor";

/**
 * Who may do what: each named capability and the lowest role that has it.
 * The one table every check reads — services (authorize), API route rules
 * (lib/auth/permissions.ts) and pages (`can`) — so they cannot disagree.
 * No server-only imports: pages and components may read it too.
 */
export const CAPABILITIES = {
  /** Incidents and everything in them: timelines, postmortems, action items, roles, audit, search, metrics, people. */
  "incidents.read": { role: "viewer", may: "read incidents" },
  /** Declare and edit incidents (status, severity, key facts), import a Markdown postmortem as a new incident. */
  "incidents.write": { role: "responder", may: "declare or edit incidents" },
  "incidents.delete": { role: "admin", may: "delete incidents" },
  "timeline.write": { role: "responder", may: "write timelines" },
  "postmortem.write": { role: "responder", may: "edit postmortems" },
  "action_items.write": { role: "responder", may: "edit action items" },
  /** Give and take incident roles (commander, scribe …) on an incident. */
  "incident_roles.assign": { role: "responder", may: "assign incident roles" },
  /** Define the roles offered on every incident. */
  "incident_roles.manage": { role: "admin", may: "manage incident roles" },
  /** One's own account: name, password, signing out one's own sessions. */
  "account.manage_own": { role: "viewer", may: "manage your own account" },
  "users.manage": { role: "admin", may: "manage users" },
  "api_keys.manage": { role: "admin", may: "manage API keys" },
  "audit.read_all": { role: "admin", may: "read the instance's audit log" },
  "backups.manage": { role: "admin", may: "manage backups" },
} as const satisfies Record<string, { role: Role; may: string }>;

export type Capability = keyof typeof CAPABILITIES;

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

export function roleAtLeast(role: Role, other: Role): boolean {
  return RANK[role] >= RANK[other];
}

/** The lower of two roles (an API key acts with at most its owner's role). */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/** The lowest role that has a capability. */
export function roleFor(capability: Capability): Role {
  return CAPABILITIES[capability].role;
}

/** Whether someone with this role may do it (pages decide what to show with this). */
export function can(actor: { role: Role }, capability: Capability): boolean {
  return roleAtLeast(actor.role, roleFor(capability));
}

/**
 * A change to one account (`userId`): its owner needs `own`, anyone else
 * `others`. Signing out everywhere is one: anyone may sign out their own
 * sessions, only admins someone else's.
 */
export type AccountRule = { own: Capability; others: Capability };

export const SIGN_OUT_EVERYWHERE: AccountRule = { own: "account.manage_own", others: "users.manage" };

/** The capability an account rule asks of this actor for this account (`personId`: the account the actor acts for). */
export function accountCapability(rule: AccountRule, personId: string | null, userId: string): Capability {
  return personId !== null && personId === userId ? rule.own : rule.others;
}

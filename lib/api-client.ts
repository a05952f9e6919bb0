/**
 * The browser's typed view of the JSON API v1. Every answer is outside data
 * to the client, so it is checked with zod before use (DESIGN principle 3).
 * Dates travel as ISO strings; the *Json types are what client components
 * hold. Server components convert service DTOs with incidentToJson /
 * eventToJson so that both sides share one shape.
 */
import { z } from "zod";
import type { IncidentDto } from "./incidents/dto";
import type { TimelineEventDto, EventRevisionDto } from "./timeline/dto";
import type { TCreateIncident, TUpdateIncident } from "./incidents/schemas";
import type { TUpdateTimelineEvent } from "./timeline/schemas";
import type { OutboxPayload } from "./timeline/outbox";

const zIso = z.iso.datetime({ offset: true });

export const zIncidentJson = z.object({
  id: z.string(),
  number: z.number().int(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.string(),
  status: z.string(),
  postmortemStatus: z.string(),
  startedAt: zIso.nullable(),
  detectedAt: zIso.nullable(),
  mitigatedAt: zIso.nullable(),
  resolvedAt: zIso.nullable(),
  services: z.array(z.string()),
  createdAt: zIso,
  updatedAt: zIso,
  version: z.number().int(),
});
export type IncidentJson = z.infer<typeof zIncidentJson>;

export const zEventJson = z.object({
  id: z.string(),
  incidentId: z.string(),
  occurredAt: zIso,
  endedAt: zIso.nullable(),
  recordedAt: zIso,
  authorName: z.string(),
  editorName: z.string().nullable(),
  kind: z.string(),
  milestone: z.string().nullable(),
  statusLabel: z.string().nullable(),
  body: z.string(),
  /** Who said it ("via alice"), when not the author: a pasted chat line's speaker. */
  attribution: z.string().nullable().optional(),
  key: z.boolean(),
  visibility: z.string(),
  deletedAt: zIso.nullable(),
  updatedAt: zIso,
  version: z.number().int(),
  /** The last change to what the entry says (not a star, label or visibility change). */
  editedAt: zIso.nullable().optional(),
  editedByName: z.string().nullable().optional(),
  backdated: z.boolean(),
});
export type EventJson = z.infer<typeof zEventJson>;

export const zRevisionJson = z.object({
  id: z.string(),
  version: z.number().int(),
  occurredAt: zIso,
  endedAt: zIso.nullable(),
  kind: z.string(),
  milestone: z.string().nullable(),
  statusLabel: z.string().nullable(),
  body: z.string(),
  attribution: z.string().nullable().optional(),
  key: z.boolean(),
  deletedAt: zIso.nullable(),
  editorName: z.string(),
  editedAt: zIso,
});
export type RevisionJson = z.infer<typeof zRevisionJson>;

/** The page info of GET …/events (lib/timeline/service.ts TimelinePageInfo). */
export const zPageInfoJson = z.object({
  order: z.enum(["timeline", "changes"]),
  limit: z.number().int(),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
  older: z.string().nullable(),
  newer: z.string().nullable(),
});
export type PageInfoJson = z.infer<typeof zPageInfoJson>;
export const zEventsPageJson = z.object({ events: z.array(zEventJson), page: zPageInfoJson });
export type EventsPageJson = z.infer<typeof zEventsPageJson>;

/** Where GET …/events starts: the newest entries, before / after a cursor, or around an instant. */
export type EventsPageQuery = {
  limit?: number;
  before?: string;
  after?: string;
  around?: string;
  /** The entries around this entry (a link to it). */
  entry?: string;
  visibility?: "public";
};

/** An incident's roles (GET …/roles, the live stream's `roles` frames); the same shape as IncidentRolesDto. */
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

/** An account as the people lookup (GET /api/v1/people) answers. */
export const zPersonJson = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonJson = z.infer<typeof zPersonJson>;

/** A frame of the live stream (GET …/events/stream). */
export const zLiveMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("event"),
    action: z.enum(["created", "updated", "deleted", "restored"]),
    event: zEventJson,
  }),
  z.object({ type: z.literal("incident"), incident: zIncidentJson }),
  /** The catch-up would have been longer than a window: reload what is shown, then carry on from `at`. */
  z.object({ type: z.literal("reset"), reason: z.string(), at: zIso, max: z.number().int() }),
  z.object({ type: z.literal("roles"), roles: zIncidentRolesJson }),
]);
export type LiveMessageJson = z.infer<typeof zLiveMessage>;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** For server components handing a service DTO to a client component. */
export function incidentToJson(i: IncidentDto): IncidentJson {
  return {
    id: i.id,
    number: i.number,
    key: i.key,
    title: i.title,
    summary: i.summary,
    severity: i.severity,
    status: i.status,
    postmortemStatus: i.postmortemStatus,
    startedAt: isoOrNull(i.startedAt),
    detectedAt: isoOrNull(i.detectedAt),
    mitigatedAt: isoOrNull(i.mitigatedAt),
    resolvedAt: isoOrNull(i.resolvedAt),
    services: i.services,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    version: i.version,
  };
}

export function eventToJson(e: TimelineEventDto): EventJson {
  return {
    id: e.id,
    incidentId: e.incidentId,
    occurredAt: iso(e.occurredAt),
    endedAt: isoOrNull(e.endedAt),
    recordedAt: iso(e.recordedAt),
    authorName: e.authorName,
    editorName: e.editorName,
    kind: e.kind,
    milestone: e.milestone,
    statusLabel: e.statusLabel,
    body: e.body,
    attribution: e.attribution,
    key: e.key,
    visibility: e.visibility,
    deletedAt: isoOrNull(e.deletedAt),
    updatedAt: iso(e.updatedAt),
    version: e.version,
    editedAt: isoOrNull(e.editedAt),
    editedByName: e.editedByName,
    backdated: e.backdated,
  };
}

export function revisionToJson(r: EventRevisionDto): RevisionJson {
  return {
    id: r.id,
    version: r.version,
    occurredAt: iso(r.occurredAt),
    endedAt: isoOrNull(r.endedAt),
    kind: r.kind,
    milestone: r.milestone,
    statusLabel: r.statusLabel,
    body: r.body,
    attribution: r.attribution,
    key: r.key,
    deletedAt: isoOrNull(r.deletedAt),
    editorName: r.editorName,
    editedAt: iso(r.editedAt),
  };
}

const zApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
    current: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof zApiError>["error"];

/**
 * status 0 means no answer (the server is down or the network is blocked);
 * callers that must not lose data treat it like a 5xx.
 */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

function failure(status: number, code: string, message: string): { ok: false; status: number; error: ApiError } {
  return { ok: false, status, error: { code, message, issues: [] } };
}

async function request<T>(
  method: string,
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal,
    });
  } catch {
    return failure(0, "network", "Cannot reach the server");
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = zApiError.safeParse(json);
    if (err.success) return { ok: false, status: res.status, error: err.data.error };
    return failure(res.status, "http", `The server answered HTTP ${res.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return failure(res.status, "bad_response", "The server sent an answer this page does not understand");
  return { ok: true, status: res.status, data: parsed.data };
}

const base = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
const eventPath = (incidentId: string, eventId: string) => `${base(incidentId)}/events/${encodeURIComponent(eventId)}`;

/** A frame of the incident list's stream (GET /api/v1/incidents/stream). */
export const zIncidentListMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("incident"), incident: zIncidentJson }),
  z.object({ type: z.literal("incident_deleted"), incidentId: z.string() }),
]);
export type IncidentListMessageJson = z.infer<typeof zIncidentListMessage>;

export type IncidentListQuery = { status?: string; severity?: string; q?: string; limit?: number };

function listQueryString(query: IncidentListQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

export const apiClient = {
  createIncident: (input: TCreateIncident) => request("POST", "/api/v1/incidents", zIncidentJson, input),
  listIncidents: (query: IncidentListQuery) =>
    request("GET", `/api/v1/incidents${listQueryString(query)}`, z.object({ incidents: z.array(zIncidentJson) })),
  incidentListStreamUrl: () => "/api/v1/incidents/stream",
  getIncident: (id: string) => request("GET", base(id), zIncidentJson),
  updateIncident: (id: string, input: TUpdateIncident) => request("PATCH", base(id), zIncidentJson, input),
  listEvents: (incidentId: string, query: EventsPageQuery = {}, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return request("GET", `${base(incidentId)}/events${qs ? `?${qs}` : ""}`, zEventsPageJson, undefined, signal);
  },
  createEvent: (incidentId: string, payload: OutboxPayload) => request("POST", `${base(incidentId)}/events`, zEventJson, payload),
  updateEvent: (incidentId: string, eventId: string, input: TUpdateTimelineEvent) =>
    request("PATCH", eventPath(incidentId, eventId), zEventJson, input),
  deleteEvent: (incidentId: string, eventId: string) => request("DELETE", eventPath(incidentId, eventId), zEventJson),
  restoreEvent: (incidentId: string, eventId: string) => request("POST", `${eventPath(incidentId, eventId)}/restore`, zEventJson),
  listRevisions: (incidentId: string, eventId: string) =>
    request("GET", `${eventPath(incidentId, eventId)}/revisions`, z.object({ revisions: z.array(zRevisionJson) })),
  getRoles: (incidentId: string) => request("GET", `${base(incidentId)}/roles`, zIncidentRolesJson),
  assignRole: (incidentId: string, role: string, person: { userId: string } | { name: string }) =>
    request("PUT", `${base(incidentId)}/roles/${encodeURIComponent(role)}`, zIncidentRolesJson, person),
  unassignRole: (incidentId: string, role: string) => request("DELETE", `${base(incidentId)}/roles/${encodeURIComponent(role)}`, zIncidentRolesJson),
  findPeople: (q: string, signal?: AbortSignal) =>
    request("GET", `/api/v1/people?${new URLSearchParams({ q })}`, z.object({ people: z.array(zPersonJson) }), undefined, signal),
  streamUrl: (incidentId: string, since: string) => `${base(incidentId)}/events/stream?since=${encodeURIComponent(since)}`,
};

/**
 * Every entry of an incident, newest page first (GET …/events with `before`),
 * for the postmortem editor's "show all". null when a page fails.
 */
export async function fetchWholeTimeline(incidentId: string): Promise<EventJson[] | null> {
  const pages: EventJson[][] = [];
  let before: string | undefined;
  for (;;) {
    const res = await apiClient.listEvents(incidentId, { limit: 500, ...(before ? { before } : {}) });
    if (!res.ok) return null;
    pages.unshift(res.data.events);
    if (!res.data.page.hasOlder || !res.data.page.older) return pages.flat();
    before = res.data.page.older;
  }
}

/** The server's current record sent with a 409, if it is readable. */
export function conflictCurrent<T>(error: ApiError, schema: z.ZodType<T>): T | null {
  const parsed = schema.safeParse(error.current);
  return parsed.success ? parsed.data : null;
}


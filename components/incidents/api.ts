/** The incident endpoints as the browser calls them (one request function: lib/api-client.ts). */
import { z } from "zod";
import { apiRequest, queryString } from "@/lib/api-client";
import { zIncidentJson } from "@/lib/incidents/wire";
import { zIncidentRolesJson } from "@/lib/incident-roles/wire";
import type { TCreateIncident, TUpdateIncident } from "@/lib/incidents/schemas";

export type IncidentListQuery = { status?: string; severity?: string; q?: string; limit?: number };

const base = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
const rolePath = (incidentId: string, role: string) => `${base(incidentId)}/roles/${encodeURIComponent(role)}`;

export const incidentsApi = {
  create: (input: TCreateIncident) => apiRequest("POST", "/api/v1/incidents", zIncidentJson, { body: input }),
  list: (query: IncidentListQuery) => apiRequest("GET", `/api/v1/incidents${queryString(query)}`, z.object({ incidents: z.array(zIncidentJson) })),
  get: (id: string) => apiRequest("GET", base(id), zIncidentJson),
  update: (id: string, input: TUpdateIncident) => apiRequest("PATCH", base(id), zIncidentJson, { body: input }),
  getRoles: (incidentId: string) => apiRequest("GET", `${base(incidentId)}/roles`, zIncidentRolesJson),
  assignRole: (incidentId: string, role: string, person: { userId: string } | { name: string }) =>
    apiRequest("PUT", rolePath(incidentId, role), zIncidentRolesJson, { body: person }),
  unassignRole: (incidentId: string, role: string) => apiRequest("DELETE", rolePath(incidentId, role), zIncidentRolesJson),
  /** The incident list's live stream (EventSource). */
  listStreamUrl: () => "/api/v1/incidents/stream",
};

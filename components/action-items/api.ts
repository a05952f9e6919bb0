/** The action-item endpoints as the browser calls them (one request function: lib/api-client.ts). */
import { z } from "zod";
import { apiRequest, failureDetail, type ApiFailure } from "@/lib/api-client";
import { zActionItemCountsJson, zActionItemJson, zBlockingItemJson, type BlockingItemJson } from "@/lib/action-items/wire";

const incidentItems = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/action-items`;

export const actionItemsApi = {
  create: (incidentId: string, input: Record<string, unknown>) => apiRequest("POST", incidentItems(incidentId), zActionItemJson, { body: input }),
  update: (id: string, patch: Record<string, unknown> & { version: number }) =>
    apiRequest("PATCH", `/api/v1/action-items/${encodeURIComponent(id)}`, zActionItemJson, { body: patch }),
  bulk: (ids: string[], change: Record<string, unknown>) =>
    apiRequest("POST", "/api/v1/action-items/bulk", z.object({ updated: z.number() }), { body: { ids, ...change } }),
  completePostmortem: (incidentId: string) =>
    apiRequest("POST", `/api/v1/incidents/${encodeURIComponent(incidentId)}/complete`, z.object({ postmortemStatus: z.string() })),
  // pageSize=1: the counts come with the list; do not load the whole list for them.
  counts: (incidentId: string) => apiRequest("GET", `${incidentItems(incidentId)}?pageSize=1`, z.object({ counts: zActionItemCountsJson })),
};

/** The items that hold a refused completion open, if the server listed them. */
export function blockingOf(failure: ApiFailure): BlockingItemJson[] | null {
  return failureDetail(failure, "blocking", z.array(zBlockingItemJson));
}

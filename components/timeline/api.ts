/** The timeline endpoints as the browser calls them (one request function: lib/api-client.ts). */
import { z } from "zod";
import { apiRequest, queryString } from "@/lib/api-client";
import { zEventJson, zEventsPageJson, zRevisionJson, type EventJson, type EventsPageQuery } from "@/lib/timeline/wire";
import type { TUpdateTimelineEvent } from "@/lib/timeline/schemas";
import type { OutboxPayload } from "@/lib/timeline/outbox";

const events = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/events`;
const eventPath = (incidentId: string, eventId: string) => `${events(incidentId)}/${encodeURIComponent(eventId)}`;

export const timelineApi = {
  listEvents: (incidentId: string, query: EventsPageQuery = {}, signal?: AbortSignal) =>
    apiRequest("GET", `${events(incidentId)}${queryString(query)}`, zEventsPageJson, { signal }),
  createEvent: (incidentId: string, payload: OutboxPayload) => apiRequest("POST", events(incidentId), zEventJson, { body: payload }),
  updateEvent: (incidentId: string, eventId: string, input: TUpdateTimelineEvent) =>
    apiRequest("PATCH", eventPath(incidentId, eventId), zEventJson, { body: input }),
  deleteEvent: (incidentId: string, eventId: string) => apiRequest("DELETE", eventPath(incidentId, eventId), zEventJson),
  restoreEvent: (incidentId: string, eventId: string) => apiRequest("POST", `${eventPath(incidentId, eventId)}/restore`, zEventJson),
  listRevisions: (incidentId: string, eventId: string) =>
    apiRequest("GET", `${eventPath(incidentId, eventId)}/revisions`, z.object({ revisions: z.array(zRevisionJson) })),
  /** The incident's live stream (EventSource), from `since`. */
  streamUrl: (incidentId: string, since: string) => `${events(incidentId)}/stream?since=${encodeURIComponent(since)}`,
};

/**
 * Every entry of an incident, newest page first (GET …/events with `before`),
 * for the postmortem editor's "show all". null when a page fails.
 */
export async function fetchWholeTimeline(incidentId: string): Promise<EventJson[] | null> {
  const pages: EventJson[][] = [];
  let before: string | undefined;
  for (;;) {
    const res = await timelineApi.listEvents(incidentId, { limit: 500, before });
    if (!res.ok) return null;
    pages.unshift(res.data.events);
    if (!res.data.page.hasOlder || !res.data.page.older) return pages.flat();
    before = res.data.page.older;
  }
}

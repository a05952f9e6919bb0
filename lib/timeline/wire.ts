/** Timeline entries, revisions, pages and live frames as the browser holds them; see lib/wire.ts. */
import { z } from "zod";
import { zIso } from "../wire";
import { zIncidentJson } from "../incidents/wire";
import { zIncidentRolesJson } from "../incident-roles/wire";

/** What an entry says, the same in the entry and in each of its revisions (spread in place: the fields keep their order). */
const entryWords = {
  kind: z.string(),
  milestone: z.string().nullable(),
  statusLabel: z.string().nullable(),
  body: z.string(),
  /** Who said it ("via alice"), when not the author: a pasted chat line's speaker. */
  attribution: z.string().nullable().optional(),
  key: z.boolean(),
};

export const zEventJson = z.object({
  id: z.string(),
  incidentId: z.string(),
  occurredAt: zIso,
  endedAt: zIso.nullable(),
  recordedAt: zIso,
  authorName: z.string(),
  editorName: z.string().nullable(),
  ...entryWords,
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
  ...entryWords,
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

"use client";

import { useCallback } from "react";
import { timelineApi } from "@/components/timeline/api";
import { conflictCurrent, type ApiFailure, type ApiResult } from "@/lib/api-client";
import { zEventJson, type EventJson } from "@/lib/timeline/wire";
import { EVENT_KINDS, ZUpdateTimelineEvent, type TUpdateTimelineEvent } from "@/lib/timeline/schemas";
import { parseTimeText } from "@/lib/timeline/parse-entry";
import type { EditDraft } from "./entry-editor";

export type EditOutcome = { ok: true } | { ok: false; error: string; conflict?: EventJson };

const UNREACHABLE = "Cannot reach the server: nothing was changed. Try again when it is back.";

/** What to tell the user about a refused or unsent request. */
function failureText(res: ApiFailure): string {
  return res.status === 0 ? UNREACHABLE : res.message;
}

/** Merge the entry a request answered with; otherwise what to tell the user. */
function mergeAnswer(res: ApiResult<EventJson>, merge: (event: EventJson) => void): string | null {
  if (!res.ok) return failureText(res);
  merge(res.data);
  return null;
}

/**
 * The server side of the row actions (edit, star, label, delete, restore).
 * Every answer is merged into the timeline by version, so a live frame
 * that arrives first or later changes nothing.
 */
export function useEntryActions(incidentId: string, merge: (event: EventJson) => void) {
  /** A one-field change (star, label) is the user's explicit value, so after a 409 it is applied to the current version. */
  const setField = useCallback(
    async (event: EventJson, change: Omit<TUpdateTimelineEvent, "version">): Promise<string | null> => {
      const input = { version: event.version, ...change };
      const valid = ZUpdateTimelineEvent.safeParse(input);
      if (!valid.success) return valid.error.issues[0]?.message ?? "Invalid value";
      let res = await timelineApi.updateEvent(incidentId, event.id, input);
      if (!res.ok && res.status === 409) {
        const current = conflictCurrent(res, zEventJson);
        if (current) {
          merge(current);
          if (current.deletedAt) return "Someone deleted this entry meanwhile";
          res = await timelineApi.updateEvent(incidentId, event.id, { ...input, version: current.version });
        }
      }
      return mergeAnswer(res, merge);
    },
    [incidentId, merge],
  );

  /** An edit is applied only to the version the user started from; a 409 hands back the server's current one. */
  const saveEdit = useCallback(
    async (event: EventJson, baseVersion: number, initial: EditDraft, draft: EditDraft): Promise<EditOutcome> => {
      const input: TUpdateTimelineEvent = { version: baseVersion };
      if (draft.body.trim() !== event.body) input.body = draft.body;
      if (draft.visibility !== (event.visibility === "public" ? "public" : "internal")) input.visibility = draft.visibility;
      if (draft.attribution.trim() !== (event.attribution ?? "")) input.attribution = draft.attribution.trim() || null;
      if (draft.kind !== event.kind) {
        const kind = EVENT_KINDS.find((k) => k === draft.kind);
        if (!kind) return { ok: false, error: `Unknown kind "${draft.kind}"` };
        input.kind = kind;
      }
      if (draft.time.trim() !== initial.time.trim()) {
        const time = parseTimeText(draft.time, new Date());
        if (!time.ok) return { ok: false, error: `Time: ${time.error}` };
        input.occurredAt = time.occurredAt.toISOString();
        input.endedAt = time.endedAt ? time.endedAt.toISOString() : null;
      }
      if (Object.keys(input).length === 1 && baseVersion === event.version) return { ok: true };
      const valid = ZUpdateTimelineEvent.safeParse(input);
      if (!valid.success) {
        const issue = valid.error.issues[0];
        return { ok: false, error: issue ? `${issue.path.join(".")}: ${issue.message}` : "Invalid entry" };
      }
      const res = await timelineApi.updateEvent(incidentId, event.id, input);
      if (res.ok) {
        merge(res.data);
        return { ok: true };
      }
      if (res.status === 409) {
        const current = conflictCurrent(res, zEventJson);
        if (current) {
          merge(current);
          if (current.deletedAt) return { ok: false, error: "Someone deleted this entry meanwhile. Copy your text if you need it." };
          return { ok: false, error: "", conflict: current };
        }
      }
      return { ok: false, error: failureText(res) };
    },
    [incidentId, merge],
  );

  const remove = useCallback(
    async (event: EventJson): Promise<string | null> => mergeAnswer(await timelineApi.deleteEvent(incidentId, event.id), merge),
    [incidentId, merge],
  );

  const restore = useCallback(
    async (eventId: string): Promise<string | null> => mergeAnswer(await timelineApi.restoreEvent(incidentId, eventId), merge),
    [incidentId, merge],
  );

  return { setField, saveEdit, remove, restore };
}

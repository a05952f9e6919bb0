"use client";

import { useEffect, useMemo, useRef, type Dispatch, type RefObject } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import { ZCreateTimelineEvent } from "@/lib/timeline/schemas";
import { ENTRY_KINDS, parseTimeText } from "@/lib/timeline/parse-entry";
import type { OutboxPayload } from "@/lib/timeline/outbox";
import { formatUtcClock, formatUtcDateTime } from "@/lib/time-format";
import { useToast } from "@/components/ui/toast";
import type { EditDraft } from "./entry-editor";
import type { RowActions } from "./entry-row";
import type { TimelineRow } from "./merge-events";
import type { Outbox } from "./use-outbox";
import type { useEntryActions } from "./use-entry-actions";
import { rowFormOf, type TimelineAction, type TimelineState } from "./timeline-mode";

export function shortText(body: string): string {
  return body.length > 60 ? `${body.slice(0, 57)}…` : body;
}

/** The edit form's starting values: the time as it is typed in the entry box ("2026-11-18 11:20-11:48"). */
function draftOf(p: {
  occurredAt: string;
  endedAt?: string | null;
  kind?: string;
  body: string;
  visibility?: string;
  attribution?: string | null;
}): EditDraft {
  return {
    time: `${formatUtcDateTime(p.occurredAt)}${p.endedAt ? `-${formatUtcClock(p.endedAt)}` : ""}`,
    kind: p.kind ?? "note",
    body: p.body,
    visibility: p.visibility === "public" ? "public" : "internal",
    attribution: p.attribution ?? "",
  };
}

/**
 * What the keys and the row menu do to an entry (edit, star, label,
 * history, action item, delete and undo, visibility, discard an unsent
 * one), and the saves of the row forms. Rows are memoised, so `rowActions`
 * is one stable object whose functions see the latest state.
 */
export function useRowActions({
  state,
  dispatch,
  rowsRef,
  entryActions,
  outbox,
  focusRow,
  readOnly,
}: {
  state: TimelineState;
  dispatch: Dispatch<TimelineAction>;
  rowsRef: RefObject<TimelineRow[]>;
  entryActions: ReturnType<typeof useEntryActions>;
  outbox: Pick<Outbox, "post" | "resend" | "discard">;
  focusRow: (id: string | null) => void;
  readOnly: boolean;
}) {
  const toast = useToast();
  const deleted = useRef<string[]>([]);

  const findRow = (id: string) => rowsRef.current.find((r) => r.id === id);
  const findEvent = (id: string) => {
    const row = findRow(id);
    return row?.type === "event" ? row.event : null;
  };

  const undo = async () => {
    const id = deleted.current.pop();
    if (!id) {
      toast.show({ message: "Nothing to undo." });
      return;
    }
    const error = await entryActions.restore(id);
    if (error) {
      deleted.current.push(id);
      toast.show({ tone: "error", message: `Could not restore the entry: ${error}` });
    } else {
      toast.show({ tone: "success", message: "Entry restored." });
      focusRow(id);
    }
  };

  const discard = (id: string) => {
    const row = findRow(id);
    if (row?.type !== "outbox") return;
    const { payload } = row.entry;
    outbox.discard(id);
    toast.show({
      message: `Discarded the unsent entry “${shortText(payload.body)}”`,
      action: { label: "Undo", onAction: () => outbox.post([payload]) },
      durationMs: 10_000,
    });
  };

  const writeActions: Omit<RowActions, "select" | "history"> = {
    edit: (id) => {
      const row = findRow(id);
      if (!row) return;
      if (row.type === "event") {
        dispatch({ type: "edit", id, baseVersion: row.event.version, initial: draftOf(row.event) });
      } else if (row.entry.status === "rejected") {
        dispatch({ type: "edit", id, baseVersion: 0, initial: draftOf(row.entry.payload) });
      } else {
        toast.show({ message: "This entry is still being sent; edit it once it is saved." });
        dispatch({ type: "select", id });
      }
    },
    star: (id) => {
      const e = findEvent(id);
      if (!e) return;
      void entryActions.setField(e, { key: !e.key }).then((error) => {
        if (error) toast.show({ tone: "error", message: `Could not star the entry: ${error}` });
      });
    },
    label: (id) => {
      if (findEvent(id)) dispatch({ type: "label", id });
    },
    actionItem: (id) => {
      const row = findRow(id);
      if (!row) return;
      // The item links to the entry by id, so the entry must exist on the server first.
      if (row.type === "outbox") toast.show({ message: "This entry is not saved yet; turn it into an action item once it is." });
      else dispatch({ type: "actionItem", source: row.event });
    },
    remove: (id) => {
      const row = findRow(id);
      if (!row) return;
      if (row.type === "outbox") {
        if (row.entry.status === "rejected") discard(id);
        else toast.show({ message: "This entry is still being sent; delete it once it is saved." });
        return;
      }
      const index = rowsRef.current.findIndex((r) => r.id === id);
      const neighbour = rowsRef.current[index + 1] ?? rowsRef.current[index - 1];
      void entryActions.remove(row.event).then((error) => {
        if (error) {
          toast.show({ tone: "error", message: `Could not delete the entry: ${error}` });
          return;
        }
        deleted.current.push(id);
        focusRow(neighbour?.id ?? null);
        toast.show({
          message: `Deleted the entry at ${formatUtcClock(row.event.occurredAt)}: “${shortText(row.event.body)}”`,
          action: { label: "Undo (u)", onAction: () => void undo() },
          durationMs: 10_000,
        });
      });
    },
    visibility: (id) => {
      const e = findEvent(id);
      if (!e) {
        if (findRow(id)) toast.show({ message: "This entry is still being sent; change its visibility once it is saved." });
        return;
      }
      if (e.visibility !== "public") {
        // Asks first: the status page is pushed within seconds.
        dispatch({ type: "publish", event: e });
        return;
      }
      dispatch({ type: "select", id });
      void entryActions.setField(e, { visibility: "internal" }).then((error) => {
        if (error) toast.show({ tone: "error", message: `Could not make the entry internal: ${error}` });
        else toast.show({ tone: "success", message: "The entry is internal again; it leaves the status page within seconds." });
      });
    },
    discard,
  };
  const ignore = () => {};
  const allowed: RowActions = {
    select: (id) => dispatch({ type: "select", id }),
    history: (id) => {
      if (findEvent(id)) dispatch({ type: "history", id });
    },
    // Viewers: the server would only refuse.
    ...(readOnly ? { edit: ignore, star: ignore, label: ignore, actionItem: ignore, remove: ignore, discard: ignore, visibility: ignore } : writeActions),
  };
  const latest = useRef(allowed);
  useEffect(() => {
    latest.current = allowed;
  });
  const rowActions = useMemo<RowActions>(
    () => ({
      select: (id) => latest.current.select(id),
      edit: (id) => latest.current.edit(id),
      star: (id) => latest.current.star(id),
      label: (id) => latest.current.label(id),
      history: (id) => latest.current.history(id),
      actionItem: (id) => latest.current.actionItem(id),
      remove: (id) => latest.current.remove(id),
      discard: (id) => latest.current.discard(id),
      visibility: (id) => latest.current.visibility(id),
    }),
    [],
  );

  const confirmPublish = async (e: EventJson) => {
    dispatch({ type: "closeDialog" });
    const error = await entryActions.setField(e, { visibility: "public" });
    if (error) toast.show({ tone: "error", message: `Could not make the entry public: ${error}` });
    else {
      toast.show({ tone: "success", message: "The entry is public; the status page shows it within seconds." });
      focusRow(e.id);
    }
  };

  const saveEdit = async (draft: EditDraft) => {
    const editing = rowFormOf(state.mode);
    if (editing?.kind !== "editing") return;
    const { id } = editing;
    const row = findRow(id);
    if (!row) return dispatch({ type: "closeForm", id });
    if (row.type === "outbox") {
      // An entry the server refused: fixed here and sent again.
      const time = parseTimeText(draft.time, new Date());
      if (!time.ok) return dispatch({ type: "editFailed", id, error: `Time: ${time.error}` });
      const next: OutboxPayload = {
        ...row.entry.payload,
        body: draft.body,
        kind: ENTRY_KINDS.find((k) => k === draft.kind) ?? row.entry.payload.kind,
        occurredAt: time.occurredAt.toISOString(),
        endedAt: time.endedAt ? time.endedAt.toISOString() : null,
        visibility: draft.visibility,
        attribution: draft.attribution.trim() || null,
      };
      const valid = ZCreateTimelineEvent.safeParse(next);
      if (!valid.success) return dispatch({ type: "editFailed", id, error: valid.error.issues[0]?.message ?? "Invalid entry" });
      outbox.resend(next);
      dispatch({ type: "closeForm", id });
      focusRow(id);
      return;
    }
    dispatch({ type: "editSaving", id });
    const outcome = await entryActions.saveEdit(row.event, editing.baseVersion, editing.initial, draft);
    if (outcome.ok) {
      dispatch({ type: "closeForm", id });
      focusRow(id);
    } else if (outcome.conflict) {
      dispatch({ type: "editConflict", id, conflict: outcome.conflict });
    } else {
      dispatch({ type: "editFailed", id, error: outcome.error });
    }
  };

  const saveLabel = async (id: string, value: string) => {
    const e = findEvent(id);
    if (!e) return dispatch({ type: "closeForm", id });
    const error = await entryActions.setField(e, { statusLabel: value.trim() || null });
    if (error) dispatch({ type: "labelFailed", id, error });
    else {
      dispatch({ type: "closeForm", id });
      focusRow(id);
    }
  };

  return {
    rowActions,
    undo: () => {
      if (!readOnly) void undo();
    },
    confirmPublish,
    saveEdit,
    saveLabel,
  };
}

import type { EventJson } from "@/lib/timeline/wire";
import type { EditDraft } from "./entry-editor";

/*
 * What the timeline is doing besides showing entries: one `mode` at a time,
 * plus the selected entry. A row form (edit, label) is drawn inside its
 * row; a dialog (history, new action item, make public) covers the page and
 * keeps the row form under it, so opening one never throws away an edit
 * that is being typed.
 */

export type Editing = {
  kind: "editing";
  id: string;
  /** The version the edit started from (0 for an unsent entry), moved on after a conflict. */
  baseVersion: number;
  initial: EditDraft;
  error: string | null;
  conflict: EventJson | null;
  busy: boolean;
};
export type Labeling = { kind: "labeling"; id: string; error: string | null };
export type RowForm = Editing | Labeling;

type DialogMode = { kind: "history"; id: string } | { kind: "actionItem"; source: EventJson } | { kind: "publishing"; event: EventJson };
export type Mode = { kind: "browsing" } | RowForm | (DialogMode & { under: RowForm | null });

export type TimelineState = { selectedId: string | null; mode: Mode };

export type TimelineAction =
  | { type: "select"; id: string | null }
  | { type: "edit"; id: string; baseVersion: number; initial: EditDraft }
  | { type: "editSaving"; id: string }
  | { type: "editFailed"; id: string; error: string }
  | { type: "editConflict"; id: string; conflict: EventJson }
  | { type: "label"; id: string }
  | { type: "labelFailed"; id: string; error: string }
  | { type: "history"; id: string }
  | { type: "actionItem"; source: EventJson }
  | { type: "publish"; event: EventJson }
  /** The row form of this entry is saved or cancelled. */
  | { type: "closeForm"; id: string }
  /** The dialog is closed: back to the row form under it, if any. */
  | { type: "closeDialog" };

export const initialTimelineState: TimelineState = { selectedId: null, mode: { kind: "browsing" } };

const BROWSING: Mode = { kind: "browsing" };

/** The edit or label form on screen (inline, or under a dialog). */
export function rowFormOf(mode: Mode): RowForm | null {
  if (mode.kind === "editing" || mode.kind === "labeling") return mode;
  if (mode.kind === "browsing") return null;
  return mode.under;
}

/** Replace the row form wherever it is (inline, or under the dialog). */
function withRowForm(mode: Mode, form: RowForm | null): Mode {
  if (mode.kind === "history" || mode.kind === "actionItem" || mode.kind === "publishing") return { ...mode, under: form };
  return form ?? BROWSING;
}

/** Change the edit of this entry; nothing happens when that edit was closed meanwhile (a save answers late). */
function updateEditing(state: TimelineState, id: string, change: (editing: Editing) => Editing): TimelineState {
  const form = rowFormOf(state.mode);
  if (form?.kind !== "editing" || form.id !== id) return state;
  return { ...state, mode: withRowForm(state.mode, change(form)) };
}

export function timelineReducer(state: TimelineState, action: TimelineAction): TimelineState {
  switch (action.type) {
    case "select":
      return state.selectedId === action.id ? state : { ...state, selectedId: action.id };
    case "edit":
      return {
        selectedId: action.id,
        mode: withRowForm(state.mode, { kind: "editing", id: action.id, baseVersion: action.baseVersion, initial: action.initial, error: null, conflict: null, busy: false }),
      };
    case "editSaving":
      return updateEditing(state, action.id, (e) => ({ ...e, busy: true, error: null }));
    case "editFailed":
      return updateEditing(state, action.id, (e) => ({ ...e, busy: false, error: action.error }));
    case "editConflict":
      return updateEditing(state, action.id, (e) => ({ ...e, busy: false, conflict: action.conflict, baseVersion: action.conflict.version }));
    case "label":
      return { selectedId: action.id, mode: withRowForm(state.mode, { kind: "labeling", id: action.id, error: null }) };
    case "labelFailed": {
      const form = rowFormOf(state.mode);
      if (form?.kind !== "labeling" || form.id !== action.id) return state;
      return { ...state, mode: withRowForm(state.mode, { ...form, error: action.error }) };
    }
    case "history":
      return { ...state, mode: { kind: "history", id: action.id, under: rowFormOf(state.mode) } };
    case "actionItem":
      return { selectedId: action.source.id, mode: { kind: "actionItem", source: action.source, under: rowFormOf(state.mode) } };
    case "publish":
      return { selectedId: action.event.id, mode: { kind: "publishing", event: action.event, under: rowFormOf(state.mode) } };
    case "closeForm":
      return rowFormOf(state.mode)?.id === action.id ? { ...state, mode: withRowForm(state.mode, null) } : state;
    case "closeDialog":
      if (state.mode.kind === "history" || state.mode.kind === "actionItem" || state.mode.kind === "publishing") {
        return { ...state, mode: state.mode.under ?? BROWSING };
      }
      return state;
  }
}

import { describe, expect, it } from "vitest";
import type { EditDraft } from "@/components/timeline/entry-editor";
import { eventJson } from "../support/event-json";
import { initialTimelineState, rowFormOf, timelineReducer, type TimelineAction, type TimelineState } from "@/components/timeline/timeline-mode";

// What the timeline is doing besides showing entries is one `mode`
// (components/timeline/timeline-mode.ts): a row form (edit, label) or a
// dialog, which keeps the row form under it.

const entry = (id: string, version = 1) => eventJson({ id, version });
const draft: EditDraft = { time: "2026-03-04 10:00:00", kind: "note", body: "typed", visibility: "internal", attribution: "" };
const run = (...actions: TimelineAction[]): TimelineState => actions.reduce(timelineReducer, initialTimelineState);

describe("the timeline's mode", () => {
  it("starts browsing with nothing selected", () => {
    expect(initialTimelineState).toEqual({ selectedId: null, mode: { kind: "browsing" } });
    expect(rowFormOf(initialTimelineState.mode)).toBeNull();
  });

  it("opening an edit selects the entry; a second form replaces the first (one form at a time)", () => {
    const editing = run({ type: "edit", id: "a", baseVersion: 3, initial: draft });
    expect(editing.selectedId).toBe("a");
    expect(editing.mode).toMatchObject({ kind: "editing", id: "a", baseVersion: 3, busy: false, error: null });
    const labeling = timelineReducer(editing, { type: "label", id: "b" });
    expect(labeling).toEqual({ selectedId: "b", mode: { kind: "labeling", id: "b", error: null } });
  });

  it("a save's answer changes only the edit it belongs to", () => {
    const s = run({ type: "edit", id: "a", baseVersion: 1, initial: draft }, { type: "editSaving", id: "a" });
    expect(s.mode).toMatchObject({ kind: "editing", busy: true });
    const conflict = timelineReducer(s, { type: "editConflict", id: "a", conflict: entry("a", 5) });
    expect(conflict.mode).toMatchObject({ kind: "editing", busy: false, baseVersion: 5, conflict: { version: 5 } });
    const failed = timelineReducer(s, { type: "editFailed", id: "a", error: "Body: too long" });
    expect(failed.mode).toMatchObject({ kind: "editing", busy: false, error: "Body: too long" });
    // The user moved on to another entry before the answer came: that edit is left alone.
    const moved = timelineReducer(s, { type: "edit", id: "b", baseVersion: 2, initial: draft });
    expect(timelineReducer(moved, { type: "editFailed", id: "a", error: "late" })).toBe(moved);
    expect(timelineReducer(moved, { type: "closeForm", id: "a" })).toBe(moved);
    expect(timelineReducer(moved, { type: "closeForm", id: "b" }).mode).toEqual({ kind: "browsing" });
  });

  it("a dialog keeps the edit being typed under it, and closing it returns there", () => {
    const editing = run({ type: "edit", id: "a", baseVersion: 1, initial: draft });
    const history = timelineReducer(editing, { type: "history", id: "b" });
    expect(history.mode).toMatchObject({ kind: "history", id: "b", under: { kind: "editing", id: "a" } });
    expect(rowFormOf(history.mode)).toMatchObject({ kind: "editing", id: "a" });
    // The history dialog does not move the selection; an action item or a publish question does.
    expect(history.selectedId).toBe("a");
    expect(timelineReducer(editing, { type: "actionItem", source: entry("c") }).selectedId).toBe("c");
    const back = timelineReducer(history, { type: "closeDialog" });
    expect(back).toEqual(editing);
    // The native dialog reports its close again after the state closed it: nothing more happens.
    expect(timelineReducer(back, { type: "closeDialog" })).toBe(back);
  });

  it("a save answered while a dialog is open reaches the edit under it", () => {
    const s = run({ type: "edit", id: "a", baseVersion: 1, initial: draft }, { type: "editSaving", id: "a" }, { type: "publish", event: entry("a") });
    const failed = timelineReducer(s, { type: "editFailed", id: "a", error: "offline" });
    expect(failed.mode).toMatchObject({ kind: "publishing", under: { kind: "editing", error: "offline", busy: false } });
    const saved = timelineReducer(s, { type: "closeForm", id: "a" });
    expect(saved.mode).toMatchObject({ kind: "publishing", under: null });
    expect(timelineReducer(saved, { type: "closeDialog" }).mode).toEqual({ kind: "browsing" });
  });

  it("a label error is kept for its own entry only", () => {
    const s = run({ type: "label", id: "a" });
    expect(timelineReducer(s, { type: "labelFailed", id: "a", error: "Label: too long" }).mode).toEqual({ kind: "labeling", id: "a", error: "Label: too long" });
    expect(timelineReducer(s, { type: "labelFailed", id: "b", error: "x" })).toBe(s);
  });

  it("selecting the same entry again changes nothing (no re-render)", () => {
    const s = run({ type: "select", id: "a" });
    expect(timelineReducer(s, { type: "select", id: "a" })).toBe(s);
    expect(timelineReducer(s, { type: "select", id: null }).selectedId).toBeNull();
  });
});

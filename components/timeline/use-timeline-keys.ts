"use client";

import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import type { RowActions } from "./entry-row";
import type { TimelineRow } from "./merge-events";

/** The keys that act on the selected entry, and the row action each runs. */
const ROW_KEYS = new Map<string, keyof RowActions>([
  ["e", "edit"],
  ["s", "star"],
  ["l", "label"],
  ["h", "history"],
  ["a", "actionItem"],
  ["p", "visibility"],
  ["Delete", "remove"],
  ["Backspace", "remove"],
]);

/**
 * The timeline's single-key shortcuts (listed in components/ui/shortcut-list.ts).
 * They act on the selected entry and stay out of the way while typing.
 */
export function useTimelineKeys({
  rows,
  selectedId,
  focusRow,
  focusComposer,
  undo,
  togglePublicOnly,
  focusJump,
  reachedEdge,
  actions,
}: {
  rows: TimelineRow[];
  selectedId: string | null;
  focusRow: (id: string | null) => void;
  focusComposer: () => void;
  undo: () => void;
  togglePublicOnly: () => void;
  /** g: the jump-to-time field. */
  focusJump: () => void;
  /** j/k past the first or last loaded entry: load the next page that way. */
  reachedEdge: (side: "older" | "newer") => void;
  actions: RowActions;
}) {
  useDocumentKeydown((e) => {
    if (ignoreGlobalKey(e)) return;
    // An open row menu handles its own keys.
    if (e.target instanceof Element && e.target.closest("[role=menu]")) return;
    const handled = () => e.preventDefault();
    if (["j", "k", "ArrowDown", "ArrowUp"].includes(e.key)) {
      // Arrows only while an entry has focus, so they still scroll the page otherwise.
      if (e.key.startsWith("Arrow") && !(e.target instanceof HTMLLIElement)) return;
      if (rows.length === 0) return;
      handled();
      const step = e.key === "j" || e.key === "ArrowDown" ? 1 : -1;
      const at = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;
      const next = at === -1 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
      if (at !== -1 && next === at) reachedEdge(step > 0 ? "newer" : "older");
      focusRow(rows[next]?.id ?? null);
      return;
    }
    // Keys for the whole timeline ("/" is the header's search box, everywhere).
    const pageAction = new Map([
      ["g", focusJump],
      ["i", focusComposer],
      ["u", undo],
      ["P", togglePublicOnly],
    ]).get(e.key);
    if (pageAction) {
      handled();
      pageAction();
      return;
    }
    if (!selectedId || !rows.some((r) => r.id === selectedId)) return;
    const rowAction = ROW_KEYS.get(e.key);
    if (rowAction) {
      handled();
      actions[rowAction](selectedId);
    }
  });
}

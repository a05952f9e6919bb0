"use client";

import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import type { RowActions } from "./entry-row";
import type { TimelineRow } from "./merge-events";

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
    switch (e.key) {
      case "j":
      case "k":
      case "ArrowDown":
      case "ArrowUp": {
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
      case "g":
        handled();
        focusJump();
        return;
      // "/" is the header's search box, everywhere.
      case "i":
        handled();
        focusComposer();
        return;
      case "u":
        handled();
        undo();
        return;
      case "P":
        handled();
        togglePublicOnly();
        return;
    }
    if (!selectedId || !rows.some((r) => r.id === selectedId)) return;
    switch (e.key) {
      case "e":
        handled();
        actions.edit(selectedId);
        return;
      case "s":
        handled();
        actions.star(selectedId);
        return;
      case "l":
        handled();
        actions.label(selectedId);
        return;
      case "h":
        handled();
        actions.history(selectedId);
        return;
      case "a":
        handled();
        actions.actionItem(selectedId);
        return;
      case "p":
        handled();
        actions.visibility(selectedId);
        return;
      case "Delete":
      case "Backspace":
        handled();
        actions.remove(selectedId);
        return;
    }
  });
}

"use client";

import { useState, type KeyboardEvent } from "react";
import { Kbd } from "@/components/ui/kbd";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/components/ui/menu";

export type RowMenuItem = { key: string; label: string; shortcut: string; run: () => void; danger?: boolean };

/** Three dots, drawn (a glyph could be missing from the system's fonts). */
function DotsIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" fill="currentColor">
      <circle cx="3" cy="8" r="1.6" />
      <circle cx="8" cy="8" r="1.6" />
      <circle cx="13" cy="8" r="1.6" />
    </svg>
  );
}

/**
 * The one actions menu of a timeline row (the menu kit: arrows, Enter, Esc,
 * focus back on the button). Each item shows its single-key shortcut,
 * and pressing that key inside the open menu runs it, as on the row itself.
 */
export function RowActionsMenu({ label, items, visible, tabbable }: { label: string; items: RowMenuItem[]; visible: boolean; tabbable: boolean }) {
  const [open, setOpen] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key === "Backspace" ? "Delete" : e.key;
    const item = items.find((i) => i.shortcut === key);
    if (!item) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    item.run();
  };
  return (
    <Menu open={open} onOpenChange={setOpen}>
      <MenuTrigger asChild>
        <button
          type="button"
          aria-label={label}
          tabIndex={tabbable ? 0 : -1}
          data-row-menu
          className={`rounded p-1.5 text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:opacity-100 aria-expanded:opacity-100 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-white ${
            visible ? "opacity-100" : "opacity-0 group-hover:opacity-100 group-focus-within:opacity-100"
          }`}
        >
          <DotsIcon />
        </button>
      </MenuTrigger>
      <MenuContent
        align="end"
        onKeyDown={onKeyDown}
        // An action that moved focus on (an editor, a dialog) keeps it; otherwise it returns to the button.
        onCloseAutoFocus={(e) => {
          const active = document.activeElement;
          if (active && active !== document.body && !active.closest("[role=menu]")) e.preventDefault();
        }}
      >
        {items.map((item) => (
          <MenuItem
            key={item.key}
            onSelect={item.run}
            aria-keyshortcuts={item.shortcut}
            className={`justify-between ${item.danger ? "text-red-800 dark:text-red-300" : ""}`}
          >
            {item.label}
            <Kbd>{item.shortcut === "Delete" ? "Del" : item.shortcut}</Kbd>
          </MenuItem>
        ))}
      </MenuContent>
    </Menu>
  );
}

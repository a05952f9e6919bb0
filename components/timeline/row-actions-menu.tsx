"use client";

import { useState, type KeyboardEvent } from "react";
import { DropdownMenu } from "radix-ui";
import { Kbd } from "@/components/ui/kbd";

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
 * The one actions menu of a timeline row (Radix DropdownMenu: arrows, Enter,
 * Esc, focus back on the button). Each item shows its single-key shortcut,
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
    <DropdownMenu.Root modal={false} open={open} onOpenChange={setOpen}>
      <DropdownMenu.Trigger asChild>
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
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          onKeyDown={onKeyDown}
          // An action that moved focus on (an editor, a dialog) keeps it; otherwise it returns to the button.
          onCloseAutoFocus={(e) => {
            const active = document.activeElement;
            if (active && active !== document.body && !active.closest("[role=menu]")) e.preventDefault();
          }}
          // Above the toasts (sonner stacks at z-index 999,999,999): a menu the user just opened is what they look at.
          className="z-[1000000000] min-w-56 rounded-md border border-zinc-300 bg-white p-1 text-base shadow-lg dark:border-zinc-600 dark:bg-zinc-900"
        >
          {items.map((item) => (
            <DropdownMenu.Item
              key={item.key}
              onSelect={item.run}
              aria-keyshortcuts={item.shortcut}
              className={`flex cursor-default items-center justify-between gap-4 rounded px-2 py-1.5 outline-none select-none data-[highlighted]:bg-sky-100 dark:data-[highlighted]:bg-sky-900 ${
                item.danger ? "text-red-800 dark:text-red-300" : ""
              }`}
            >
              {item.label}
              <Kbd>{item.shortcut === "Delete" ? "Del" : item.shortcut}</Kbd>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

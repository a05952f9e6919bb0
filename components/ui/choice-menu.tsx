"use client";

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { Kbd } from "./kbd";
import { CheckIcon } from "./icons";

export type Choice<T extends string> = { value: T; label: string };

/**
 * A button that opens a short menu of choices, each picked with one key
 * (1, 2, 3 …), the arrows and Enter, or a click. Choosing is one action;
 * Escape or a click elsewhere closes without a change. `open` is
 * controlled so a page shortcut can open it.
 */
export function ChoiceMenu<T extends string>({
  label,
  value,
  choices,
  open,
  onOpenChange,
  onChoose,
  renderValue,
  disabled = false,
  shortcut,
}: {
  label: string;
  value: T;
  choices: ReadonlyArray<Choice<T>>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onChoose: (value: T) => void;
  renderValue: (value: T) => ReactNode;
  disabled?: boolean;
  shortcut?: string;
}) {
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const current = menuRef.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]');
    (current ?? menuRef.current?.querySelector<HTMLButtonElement>("button"))?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!(e.target instanceof Node)) return;
      if (menuRef.current?.contains(e.target) || buttonRef.current?.contains(e.target)) return;
      onOpenChange(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open, onOpenChange]);

  const close = () => {
    onOpenChange(false);
    buttonRef.current?.focus();
  };

  const choose = (v: T) => {
    close();
    if (v !== value) onChoose(v);
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>("button") ?? []);
    const at = items.findIndex((b) => b === document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (/^[1-9]$/.test(e.key)) {
      const choice = choices[Number(e.key) - 1];
      if (choice) {
        e.preventDefault();
        e.stopPropagation();
        choose(choice.value);
      }
    } else if (e.key === "Tab") {
      onOpenChange(false);
    }
  };

  return (
    <div className="relative inline-block">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`${label}: ${choices.find((c) => c.value === value)?.label ?? value}. Change`}
        aria-keyshortcuts={shortcut}
        disabled={disabled}
        onClick={() => onOpenChange(!open)}
        className="rounded-md disabled:opacity-60"
      >
        {renderValue(value)}
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="absolute top-full left-0 z-40 mt-1 min-w-52 rounded-md border border-zinc-300 bg-white p-1 shadow-lg dark:border-zinc-600 dark:bg-zinc-900"
        >
          {choices.map((c, i) => (
            <button
              key={c.value}
              type="button"
              role="menuitemradio"
              aria-checked={c.value === value}
              onClick={() => choose(c.value)}
              className="flex w-full items-center gap-3 rounded px-3 py-2 text-left text-base hover:bg-zinc-100 aria-checked:font-semibold dark:hover:bg-zinc-800"
            >
              <Kbd>{i + 1}</Kbd>
              <span className="flex-1">{c.label}</span>
              {c.value === value ? <CheckIcon /> : null}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

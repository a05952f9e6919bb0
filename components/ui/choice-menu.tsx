"use client";

import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Kbd } from "./kbd";
import { CheckIcon } from "./icons";
import { Menu, MenuContent, MenuRadioGroup, MenuRadioItem, MenuTrigger } from "./menu";

export type Choice<T extends string> = { value: T; label: string };

/**
 * A button that opens a short menu of choices, each picked with one key
 * (1, 2, 3 …), the arrows and Enter, or a click. Choosing is one action;
 * Escape or a click elsewhere closes without a change. `open` is
 * controlled so a page shortcut can open it. Built on the menu kit (Radix
 * DropdownMenu with a radio group); what is ours is the digit keys and the
 * current choice focused on opening.
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
  const contentRef = useRef<HTMLDivElement>(null);

  // While the caller says disabled (a change in flight) the menu stays shut, even when a shortcut asked for it.
  useEffect(() => {
    if (open && disabled) onOpenChange(false);
  }, [open, disabled, onOpenChange]);

  const choose = (v: T) => {
    onOpenChange(false); // Radix puts focus back on the button as the menu closes
    if (v !== value) onChoose(v);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^[1-9]$/.test(e.key)) {
      const choice = choices[Number(e.key) - 1];
      if (!choice) return;
      e.preventDefault();
      e.stopPropagation();
      choose(choice.value);
    } else if (e.key === "Tab") {
      // Tab leaves the menu (Radix alone would keep focus in it), back to the button.
      e.preventDefault();
      onOpenChange(false);
    }
  };

  return (
    <Menu open={open && !disabled} onOpenChange={(next) => onOpenChange(next && !disabled)}>
      <MenuTrigger
        aria-label={`${label}: ${choices.find((c) => c.value === value)?.label ?? value}. Change`}
        aria-keyshortcuts={shortcut}
        // aria-disabled, not disabled: a disabled button loses focus, and focus must stay here after a choice is sent.
        aria-disabled={disabled || undefined}
        className="rounded-md aria-disabled:cursor-not-allowed aria-disabled:opacity-60"
      >
        {renderValue(value)}
      </MenuTrigger>
      <MenuContent
        ref={contentRef}
        align="start"
        // Named by the label alone ("Status"), not by the button's whole sentence.
        aria-label={label}
        aria-labelledby={undefined}
        onKeyDown={onKeyDown}
      >
        <FocusCurrentChoice within={contentRef} />
        <MenuRadioGroup value={value}>
          {choices.map((c, i) => (
            <MenuRadioItem
              key={c.value}
              value={c.value}
              textValue={c.label}
              aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
              onSelect={(e) => {
                e.preventDefault();
                choose(c.value);
              }}
            >
              {i < 9 ? <Kbd>{i + 1}</Kbd> : null}
              <span className="flex-1">{c.label}</span>
              {c.value === value ? <CheckIcon /> : null}
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
      </MenuContent>
    </Menu>
  );
}

/**
 * Opens the menu on the current choice, so Enter keeps it and the arrows
 * move from it. Rendered inside the menu so its effect runs as the menu
 * mounts, before Radix's own open focus (which leaves alone a focus that is
 * already inside).
 */
function FocusCurrentChoice({ within }: { within: RefObject<HTMLElement | null> }) {
  useEffect(() => {
    const content = within.current;
    const current = content?.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"]');
    (current ?? content?.querySelector<HTMLElement>('[role="menuitemradio"]'))?.focus({ preventScroll: true });
  }, [within]);
  return null;
}

"use client";

import type { ComponentProps } from "react";
import { DropdownMenu } from "radix-ui";

/**
 * The app's menus, on Radix DropdownMenu (arrows, Home/End, type-ahead,
 * Enter/Space, Esc, focus back on the trigger): one look and one layer for
 * every menu, so a new menu is a few lines of items, never a hand-made
 * popover with its own outside-click and key handling.
 */

/**
 * Above the toasts (sonner stacks at z-index 999,999,999): a menu or
 * popover the user just opened is what they look at.
 */
export const FLOATING_LAYER = "z-[1000000000]";

/** The box of anything that floats over the page (menus, popovers). */
export const floatingPanelClass = `${FLOATING_LAYER} rounded-md border border-zinc-300 bg-white shadow-lg dark:border-zinc-600 dark:bg-zinc-900`;

const itemClass =
  "flex cursor-default items-center gap-3 rounded px-2 py-1.5 outline-none select-none data-[highlighted]:bg-sky-100 data-[disabled]:opacity-50 dark:data-[highlighted]:bg-sky-900";

/**
 * Not modal by default: the rest of the page stays readable to assistive
 * tech and a click elsewhere lands where it was aimed (and closes the menu),
 * as the app's menus always behaved.
 */
export function Menu({ modal = false, ...props }: ComponentProps<typeof DropdownMenu.Root>) {
  return <DropdownMenu.Root modal={modal} {...props} />;
}

export const MenuTrigger = DropdownMenu.Trigger;
export const MenuGroup = DropdownMenu.Group;
export const MenuRadioGroup = DropdownMenu.RadioGroup;

/** The floating list, portalled to the body so no overflow or stacking context clips it. */
export function MenuContent({ className = "", sideOffset = 4, collisionPadding = 8, ...props }: ComponentProps<typeof DropdownMenu.Content>) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content sideOffset={sideOffset} collisionPadding={collisionPadding} className={`${floatingPanelClass} min-w-56 p-1 text-base ${className}`} {...props} />
    </DropdownMenu.Portal>
  );
}

export function MenuItem({ className = "", ...props }: ComponentProps<typeof DropdownMenu.Item>) {
  return <DropdownMenu.Item className={`${itemClass} ${className}`} {...props} />;
}

export function MenuRadioItem({ className = "", ...props }: ComponentProps<typeof DropdownMenu.RadioItem>) {
  return <DropdownMenu.RadioItem className={`${itemClass} aria-checked:font-semibold ${className}`} {...props} />;
}

export function MenuCheckboxItem({ className = "", ...props }: ComponentProps<typeof DropdownMenu.CheckboxItem>) {
  return <DropdownMenu.CheckboxItem className={`${itemClass} ${className}`} {...props} />;
}

/** A heading inside a menu (name a group with it through aria-labelledby). */
export function MenuLabel({ className = "", ...props }: ComponentProps<typeof DropdownMenu.Label>) {
  return <DropdownMenu.Label className={`px-2 pt-1 pb-1.5 text-sm text-zinc-600 dark:text-zinc-400 ${className}`} {...props} />;
}

"use client";

import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from "react";

/** Focus is somewhere keys type text, so single-key shortcuts must stay out of the way. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(target.type);
  }
  return false;
}

/**
 * Whether a page-wide single-key shortcut should ignore this key press:
 * already handled, typed into a field, a browser/OS chord, or a modal
 * dialog is open (its keys belong to it).
 */
export function ignoreGlobalKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.isComposing) return true;
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  if (isTypingTarget(e.target)) return true;
  return document.querySelector("dialog[open]") !== null;
}

/**
 * Listen to keydown on the whole document. The handler may change on every
 * render; the listener is attached once.
 */
export function useDocumentKeydown(handler: (e: KeyboardEvent) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => ref.current(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}

/**
 * A keydown handler for a box that Esc cancels (an entry being edited, a
 * paste preview). The key stops there: it neither reaches the page's own Esc
 * nor closes what holds the box.
 */
export function cancelOnEscape(onCancel: () => void): (e: ReactKeyboardEvent) => void {
  return (e) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
}

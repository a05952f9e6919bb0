"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { btn } from "./styles";

/**
 * A modal on the native <dialog>: the browser traps focus, closes on
 * Escape and makes the page behind it inert; focus goes back to where it was.
 */
export function Modal({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // showModal() focuses the first button (Close); the form's first field
      // is where typing should go.
      dialog.querySelector<HTMLElement>("[autofocus], input, textarea, select")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={() => {
        onClose();
        returnTo.current?.focus();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-2xl rounded-lg border border-zinc-300 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex max-h-[85vh] flex-col">
          <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-700">
            <h2 id={titleId} className="text-xl font-semibold">
              {title}
            </h2>
            <button type="button" className={btn.ghost} onClick={() => ref.current?.close()}>
              Close <span aria-hidden="true">(Esc)</span>
            </button>
          </div>
          <div className="overflow-y-auto px-5 py-4">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A modal on the native <dialog>: the browser traps focus, closes on
 * Escape and marks the rest of the page inert. Focus returns to where it
 * was when the dialog opened.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  wide = false,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
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
      // (React does not write autoFocus to the DOM: data-autofocus marks a button to start on.)
      dialog.querySelector<HTMLElement>("[autofocus], [data-autofocus], input, textarea, select")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const handleClose = () => {
    onClose();
    returnTo.current?.focus();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={handleClose}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? "max-w-3xl" : "max-w-xl"} rounded-lg border border-zinc-300 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {open ? (
        <div className="flex max-h-[80vh] flex-col">
          <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-700">
            <h2 id={titleId} className="text-xl font-semibold">
              {title}
            </h2>
            <Button variant="ghost" size="sm" onClick={() => ref.current?.close()} aria-label="Close">
              Close <span aria-hidden="true">(Esc)</span>
            </Button>
          </div>
          <div className="overflow-y-auto px-5 py-4">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

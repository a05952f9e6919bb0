"use client";

import { useState } from "react";
import { Dialog } from "./dialog";
import { Kbd } from "./kbd";
import { ignoreGlobalKey, useDocumentKeydown } from "./hotkeys";
import { SHORTCUT_GROUPS } from "./shortcut-list";

/** "?" anywhere (outside a text field) lists every shortcut; the nav button does the same. */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);

  useDocumentKeydown((e) => {
    if (e.key !== "?" || ignoreGlobalKey(e)) return;
    e.preventDefault();
    setOpen(true);
  });

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="?"
        // A phone has no keyboard shortcuts to list; "?" still opens it where there is a keyboard.
        className="ml-auto hidden rounded-md px-2 py-1 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:inline-block dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
      >
        Shortcuts <Kbd>?</Kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" wide>
        <div className="grid gap-6 sm:grid-cols-2">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.title}>
              <h3 className="mb-2 text-base font-semibold text-zinc-600 dark:text-zinc-400">{group.title}</h3>
              <dl className="space-y-1.5">
                {group.shortcuts.map((s) => (
                  <div key={s.what} className="flex gap-3">
                    <dt className="flex w-44 shrink-0 flex-wrap content-start items-start gap-1">
                      {s.keys.map((k) => (
                        <Kbd key={k}>{k}</Kbd>
                      ))}
                    </dt>
                    <dd className="text-base">{s.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </Dialog>
    </>
  );
}

"use client";

/**
 * "3 new ↓": entries arrived below what is on screen while the list is
 * scrolled up (or away from the live end). Floats above the entry box;
 * a click goes to the newest entries.
 */
export function NewEntriesPill({ count, visible, bottom, onClick }: { count: number; visible: boolean; bottom: number; onClick: () => void }) {
  if (!visible) return null;
  return (
    <button
      type="button"
      data-new-entries={count}
      onClick={onClick}
      style={{ bottom }}
      className="fixed left-1/2 z-20 -translate-x-1/2 rounded-full bg-sky-700 px-4 py-1.5 text-base font-semibold text-white shadow-lg hover:bg-sky-600 dark:bg-sky-600 dark:hover:bg-sky-500"
    >
      {count} new ↓<span className="sr-only"> — show the newest entries</span>
    </button>
  );
}

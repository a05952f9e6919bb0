"use client";

import type { Table } from "@tanstack/react-table";
import { ACTION_ITEM_COLUMNS } from "@/lib/action-items/columns";
import { buttonClass } from "@/components/ui/button";

/** Show or hide columns (kept in the URL's `cols`, and left out of the CSV too). */
export function ColumnsMenu<T>({ table }: { table: Table<T> }) {
  return (
    <details className="relative">
      <summary className={`${buttonClass("secondary", "compact")} cursor-pointer list-none`}>Columns</summary>
      <fieldset className="absolute right-0 z-10 mt-1 w-48 space-y-1 rounded-md border border-zinc-300 bg-white p-3 shadow-lg dark:border-zinc-600 dark:bg-zinc-900">
        <legend className="sr-only">Visible columns</legend>
        {ACTION_ITEM_COLUMNS.map((c) => {
          const column = table.getColumn(c.id);
          if (!column) return null;
          return (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
              {c.label}
            </label>
          );
        })}
      </fieldset>
    </details>
  );
}

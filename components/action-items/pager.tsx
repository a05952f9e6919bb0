"use client";

import type { Table } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";

const SIZES = [25, 50, 100, 200];

/** Page controls; the table's pagination state is the URL's. */
export function Pager<T>({ table, total }: { table: Table<T>; total: number }) {
  const { pageIndex, pageSize } = table.getState().pagination;
  const pages = Math.max(1, table.getPageCount());
  const from = total === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(total, (pageIndex + 1) * pageSize);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <p>
        {from.toLocaleString("en-US")}–{to.toLocaleString("en-US")} of {total.toLocaleString("en-US")} · page {pageIndex + 1} of {pages.toLocaleString("en-US")}
      </p>
      <div className="flex flex-wrap items-center gap-1">
        <Button variant="secondary" size="compact" onClick={() => table.firstPage()} disabled={!table.getCanPreviousPage()}>
          First
        </Button>
        <Button variant="secondary" size="compact" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          Previous
        </Button>
        <Button variant="secondary" size="compact" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next
        </Button>
        <Button variant="secondary" size="compact" onClick={() => table.lastPage()} disabled={!table.getCanNextPage()}>
          Last
        </Button>
        <label className="ml-3 inline-flex items-center gap-1">
          Rows per page
          <Select density="compact" value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {[...new Set([...SIZES, pageSize])].sort((a, b) => a - b).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </label>
      </div>
    </nav>
  );
}

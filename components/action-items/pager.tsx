"use client";

import type { Table } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Options, Select } from "@/components/ui/input";

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
        {[
          { label: "First", go: () => table.firstPage(), can: table.getCanPreviousPage() },
          { label: "Previous", go: () => table.previousPage(), can: table.getCanPreviousPage() },
          { label: "Next", go: () => table.nextPage(), can: table.getCanNextPage() },
          { label: "Last", go: () => table.lastPage(), can: table.getCanNextPage() },
        ].map(({ label, go, can }) => (
          <Button key={label} variant="secondary" size="compact" onClick={go} disabled={!can}>
            {label}
          </Button>
        ))}
        <label className="ml-3 inline-flex items-center gap-1">
          Rows per page
          <Select density="compact" value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            <Options values={[...new Set([...SIZES, pageSize])].sort((a, b) => a - b)} />
          </Select>
        </label>
      </div>
    </nav>
  );
}

"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useOptimistic, useState, useTransition } from "react";
import {
  createColumnHelper,
  flexRender,
  functionalUpdate,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type PaginationState,
  type RowSelectionState,
  type SortingState,
  type VisibilityState,
} from "@tanstack/react-table";
import { ACTION_ITEM_COLUMNS } from "@/lib/action-items/columns";
import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS, ACTION_TYPE_LABELS } from "@/lib/action-items/labels";
import type { ActionItemJson } from "@/lib/action-items/wire";
import { hrefWith, parseTableUrl, type TableUrlState } from "@/lib/action-items/url-state";
import type { ActionItemSort } from "@/lib/action-items/schemas";
import { BulkBar } from "./bulk-bar";
import { EditActionItemDialog } from "./edit-action-item-dialog";
import { Pager } from "./pager";
import { ColumnsMenu } from "./columns-menu";
import { TableFilters } from "./table-filters";
import { SortIcon } from "@/components/ui/icons";
import { Button, buttonClass } from "@/components/ui/button";

const col = createColumnHelper<ActionItemJson>();

function useColumns(onEdit: (item: ActionItemJson) => void, readOnly: boolean) {
  // `any` for the value type is TanStack's documented way to hold columns of
  // different value types in one array (ColumnDef is invariant in it).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return useMemo<ColumnDef<ActionItemJson, any>[]>(
    () => [
      col.display({
        id: "select",
        enableHiding: false,
        enableSorting: false,
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all items on this page"
            checked={table.getIsAllPageRowsSelected()}
            ref={(el) => {
              if (el) el.indeterminate = table.getIsSomePageRowsSelected();
            }}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input type="checkbox" aria-label={`Select "${row.original.title}"`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
        ),
      }),
      col.accessor("title", {
        header: "Title",
        cell: ({ row }) => (
          <div className="min-w-48">
            <span className="font-medium">{row.original.title}</span>
            {row.original.contributingFactorTitle ? (
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">Factor: {row.original.contributingFactorTitle}</span>
            ) : row.original.timelineEventId ? (
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">From the timeline</span>
            ) : null}
            {row.original.externalUrl ? (
              <a href={row.original.externalUrl} className="block text-xs text-sky-700 underline dark:text-sky-400" rel="noreferrer noopener" target="_blank">
                Issue link
              </a>
            ) : null}
          </div>
        ),
      }),
      col.accessor((r) => r.incident.number, {
        id: "incident",
        header: "Incident",
        cell: ({ row }) => (
          <Link href={`/incidents/${row.original.incident.number}/action-items`} className="whitespace-nowrap text-sky-700 underline dark:text-sky-400" title={row.original.incident.title}>
            {row.original.incident.key}
          </Link>
        ),
      }),
      col.accessor((r) => r.incident.severity, { id: "severity", header: "Severity" }),
      col.accessor("owner", { header: "Owner", cell: (c) => c.getValue() ?? <span className="text-zinc-500">Unassigned</span> }),
      col.accessor("dueDate", {
        header: "Due",
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {row.original.dueDate ?? <span className="text-zinc-500">—</span>}
            {row.original.overdue ? <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">Overdue</span> : null}
          </span>
        ),
      }),
      col.accessor("priority", { header: "Priority", cell: (c) => ACTION_PRIORITY_LABELS[c.getValue()] ?? c.getValue() }),
      col.accessor("type", { header: "Type", cell: (c) => ACTION_TYPE_LABELS[c.getValue()] ?? c.getValue() }),
      col.accessor("status", {
        header: "Status",
        cell: ({ row }) => (
          <span className="whitespace-nowrap" title={row.original.wontDoReason ?? undefined}>
            {ACTION_STATUS_LABELS[row.original.status] ?? row.original.status}
          </span>
        ),
      }),
      col.accessor("ageDays", { id: "age", header: "Age", cell: (c) => `${c.getValue()} d` }),
      col.display({
        id: "actions",
        enableHiding: false,
        enableSorting: false,
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row }) => (
          <Button variant="ghost" size="sm" className="text-sm" onClick={() => onEdit(row.original)} aria-label={`Edit "${row.original.title}"`}>
            Edit
          </Button>
        ),
      }),
    ].filter((c) => !readOnly || (c.id !== "select" && c.id !== "actions")),
    [onEdit, readOnly],
  );
}

/**
 * The action-item table. Sorting, filtering and paging happen on the
 * server (TanStack Table in manual mode); the whole state lives in the URL,
 * so a view is a link. Selection is per page and local.
 */
export function ActionItemsTable({
  items,
  total,
  state,
  basePath,
  exportParams = {},
  factors,
  defaultHidden = [],
  scope = "all",
  caption,
  readOnly = false,
}: {
  items: ActionItemJson[];
  total: number;
  state: TableUrlState;
  basePath: string;
  /** Parameters the export needs beyond the URL's, e.g. a fixed incident. */
  exportParams?: Record<string, string>;
  /** The columns hidden when the URL has no `cols` (as the page parsed it). */
  defaultHidden?: ActionItemSort[];
  /** One incident's items: no severity filter (the incident has one severity). */
  scope?: "all" | "incident";
  /** Contributing factors an item may be linked to (one incident's page). */
  factors?: Array<{ id: string; title: string }>;
  caption: string;
  /** Viewers: no selection, bulk changes or edit buttons. */
  readOnly?: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [editing, setEditing] = useState<ActionItemJson | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // New data (another page, a filter, a refresh): the old selection no longer applies.
  useEffect(() => setRowSelection({}), [items]);

  // The URL is the state, but a navigation takes a server round trip: show
  // the new state at once (a ticked box stays ticked) until the page arrives.
  const [params, setParams] = useOptimistic(state.params);
  const view = useMemo(() => parseTableUrl(params, { defaultHidden }), [params, defaultHidden]);

  const navigate = useCallback(
    (changes: Record<string, string | undefined>, keepPage = false) => {
      const href = hrefWith(basePath, params, keepPage ? changes : { ...changes, page: undefined });
      const next = Object.fromEntries(new URL(href, "http://x").searchParams);
      startTransition(() => {
        setParams(next);
        router.push(href, { scroll: false });
      });
    },
    [basePath, params, router, setParams],
  );

  const sorting: SortingState = [{ id: view.sort, desc: view.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: view.page - 1, pageSize: view.pageSize };
  const columnVisibility: VisibilityState = Object.fromEntries(view.hidden.map((c) => [c, false]));
  const onEdit = useCallback((item: ActionItemJson) => setEditing(item), []);
  const columns = useColumns(onEdit, readOnly);

  const table = useReactTable({
    data: items,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    rowCount: total,
    enableSortingRemoval: false,
    sortDescFirst: false,
    state: { sorting, pagination, columnVisibility, rowSelection },
    onRowSelectionChange: setRowSelection,
    onSortingChange: (u) => {
      const s = functionalUpdate(u, sorting)[0];
      if (s) navigate({ sort: s.id, dir: s.desc ? "desc" : "asc" });
    },
    onPaginationChange: (u) => {
      const p = functionalUpdate(u, pagination);
      navigate({ page: String(p.pageIndex + 1), pageSize: String(p.pageSize) }, p.pageSize === pagination.pageSize);
    },
    onColumnVisibilityChange: (u) => {
      const v = functionalUpdate(u, columnVisibility);
      navigate({ cols: ACTION_ITEM_COLUMNS.filter((c) => v[c.id] === false).map((c) => c.id).join(",") }, true);
    },
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id] && items.some((i) => i.id === id));
  const exportHref = hrefWith("/api/v1/action-items/export.csv", params, {
    ...exportParams,
    page: undefined,
    pageSize: undefined,
    cols: view.hidden.length ? view.hidden.join(",") : undefined,
  });

  return (
    <div className="space-y-3">
      {state.ignored.length ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          Ignored invalid link parameters: {state.ignored.join(", ")}.
        </p>
      ) : null}
      <TableFilters params={params} onChange={navigate} withSeverity={scope === "all"} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p aria-live="polite" className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="result-count">
          {pending ? "Loading…" : `${total.toLocaleString("en-US")} item${total === 1 ? "" : "s"}`}
          {notice ? ` · ${notice}` : ""}
        </p>
        <div className="flex items-center gap-2">
          <ColumnsMenu table={table} />
          <a href={exportHref} download className={buttonClass("secondary", "compact")}>
            Export CSV
          </a>
        </div>
      </div>
      {selectedIds.length ? (
        <BulkBar
          ids={selectedIds}
          onClear={() => setRowSelection({})}
          onDone={(message) => {
            setNotice(message);
            setRowSelection({});
            startTransition(() => router.refresh());
          }}
        />
      ) : null}
      <div className="relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
        <table className="w-full border-collapse text-left text-sm" aria-busy={pending}>
          <caption className="sr-only">
            {caption}, sorted by {ACTION_ITEM_COLUMNS.find((c) => c.id === view.sort)?.label ?? view.sort} {view.dir === "asc" ? "ascending" : "descending"}
          </caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      className="border-b border-zinc-200 px-2 py-2 font-semibold dark:border-zinc-700"
                      aria-sort={h.column.getCanSort() ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined}
                    >
                      {h.column.getCanSort() ? (
                        <button type="button" className="inline-flex items-center gap-1 hover:underline" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <SortIcon dir={sorted === "asc" || sorted === "desc" ? sorted : false} size={14} />
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-overdue={row.original.overdue || undefined}
                data-testid="action-item-row"
                className={`border-b border-zinc-100 dark:border-zinc-800 ${row.original.overdue ? "bg-red-50 dark:bg-red-950/40" : ""} ${row.getIsSelected() ? "outline outline-2 -outline-offset-2 outline-sky-500" : ""}`}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-2 py-2 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length} className="px-3 py-6 text-center text-zinc-600 dark:text-zinc-400">
                  No action items match this view.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager table={table} total={total} />
      <EditActionItemDialog
        item={editing}
        factors={factors}
        onClose={() => setEditing(null)}
        onSaved={(item) => {
          setNotice(`Saved "${item.title}".`);
          startTransition(() => router.refresh());
        }}
      />
    </div>
  );
}

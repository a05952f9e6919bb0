"use client";

import { useId } from "react";
import type { Table } from "@tanstack/react-table";
import { ACTION_ITEM_COLUMNS } from "@/lib/action-items/columns";
import { buttonClass } from "@/components/ui/button";
import { CheckIcon } from "@/components/ui/icons";
import { Menu, MenuCheckboxItem, MenuContent, MenuGroup, MenuLabel, MenuTrigger } from "@/components/ui/menu";

/**
 * Show or hide columns (kept in the URL's `cols`, and left out of the CSV
 * too). The menu stays open while toggling, so several columns are one trip.
 */
export function ColumnsMenu<T>({ table }: { table: Table<T> }) {
  const labelId = useId();
  return (
    <Menu>
      <MenuTrigger className={buttonClass("secondary", "compact")}>Columns</MenuTrigger>
      <MenuContent align="end">
        <MenuLabel id={labelId}>Visible columns</MenuLabel>
        <MenuGroup aria-labelledby={labelId}>
          {ACTION_ITEM_COLUMNS.map((c) => {
            const column = table.getColumn(c.id);
            if (!column) return null;
            const visible = column.getIsVisible();
            return (
              <MenuCheckboxItem
                key={c.id}
                checked={visible}
                onCheckedChange={(checked) => column.toggleVisibility(checked === true)}
                onSelect={(e) => e.preventDefault()}
                className="text-sm"
              >
                <span aria-hidden="true" className="inline-flex size-4 items-center justify-center rounded-sm border border-zinc-400 dark:border-zinc-500">
                  {visible ? <CheckIcon size={12} /> : null}
                </span>
                {c.label}
              </MenuCheckboxItem>
            );
          })}
        </MenuGroup>
      </MenuContent>
    </Menu>
  );
}

"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FACTOR_CATEGORIES, type FactorCategory } from "@/lib/postmortem/document";
import type { PostmortemDraft } from "./api";
import { Options, fieldClass } from "@/components/ui/input";

const input = `${fieldClass({ density: "compact" })} w-full`;

type Services = PostmortemDraft["impactedServices"];
type Factors = PostmortemDraft["contributingFactors"];

/** A text field's value and change handler for one text property of a row. */
function textOf<K extends string, T extends Record<K, string>>(row: T, key: K, update: (row: T) => void) {
  return { value: row[key], onChange: (e: { target: { value: string } }) => update({ ...row, [key]: e.target.value }) };
}

/**
 * A list of rows in a fieldset: each row's fields (`renderRow`, which
 * changes its row with `update`) and a Remove button, then an Add button
 * for a blank row; at most 100 rows.
 */
function RowsEditor<T>({
  legend,
  empty,
  columns,
  noun,
  addLabel,
  blank,
  rows,
  onChange,
  renderRow,
}: {
  legend: string;
  /** Said while there are no rows. */
  empty: string;
  /** The grid columns of a row (Tailwind), its Remove button last. */
  columns: string;
  /** A row in the Remove button's name: "Remove service 2". */
  noun: string;
  addLabel: string;
  blank: T;
  rows: T[];
  onChange: (rows: T[]) => void;
  renderRow: (row: T, i: number, update: (row: T) => void) => ReactNode;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="font-semibold">{legend}</legend>
      {rows.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p> : null}
      {rows.map((row, i) => (
        <div key={i} className={`grid gap-2 ${columns}`}>
          {renderRow(row, i, (next) => onChange(rows.map((x, j) => (j === i ? next : x))))}
          <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${noun} ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button size="sm" onClick={() => onChange([...rows, blank])} disabled={rows.length >= 100}>
        {addLabel}
      </Button>
    </fieldset>
  );
}

export function ImpactedServicesEditor({ rows, onChange }: { rows: Services; onChange: (rows: Services) => void }) {
  return (
    <RowsEditor
      legend="Impacted services"
      empty="No services listed yet."
      columns="sm:grid-cols-[14rem_1fr_auto]"
      noun="service"
      addLabel="Add service"
      blank={{ service: "", impact: "" }}
      rows={rows}
      onChange={onChange}
      renderRow={(row, i, update) => (
        <>
          <input aria-label={`Service ${i + 1}`} {...textOf(row, "service", update)} maxLength={100} className={input} placeholder="Service / product" />
          <textarea aria-label={`Impact of service ${i + 1}`} {...textOf(row, "impact", update)} rows={2} className={input} placeholder="Impact description" />
        </>
      )}
    />
  );
}

export function ContributingFactorsEditor({ rows, onChange }: { rows: Factors; onChange: (rows: Factors) => void }) {
  return (
    <RowsEditor
      legend="Contributing factors"
      empty="No contributing factors yet."
      columns="sm:grid-cols-[14rem_1fr_9rem_auto]"
      noun="factor"
      addLabel="Add contributing factor"
      blank={{ title: "", description: "", category: "technical" }}
      rows={rows}
      onChange={onChange}
      renderRow={(row, i, update) => (
        <>
          <input aria-label={`Factor ${i + 1} title`} {...textOf(row, "title", update)} maxLength={200} className={input} placeholder="Title" />
          <textarea aria-label={`Factor ${i + 1} description`} {...textOf(row, "description", update)} rows={2} className={input} placeholder="Description" />
          <select
            aria-label={`Factor ${i + 1} category`}
            value={row.category}
            onChange={(e) => {
              const category = FACTOR_CATEGORIES.find((c) => c === e.target.value);
              if (category) update({ ...row, category: category satisfies FactorCategory });
            }}
            className={input}
          >
            <Options values={FACTOR_CATEGORIES} />
          </select>
        </>
      )}
    />
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { FACTOR_CATEGORIES, type FactorCategory } from "@/lib/postmortem/document";
import type { PostmortemDraft } from "./api";
import { fieldClass } from "@/components/ui/input";

const input = `${fieldClass({ density: "compact" })} w-full`;

type Services = PostmortemDraft["impactedServices"];
type Factors = PostmortemDraft["contributingFactors"];

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function ImpactedServicesEditor({ rows, onChange }: { rows: Services; onChange: (rows: Services) => void }) {
  return (
    <fieldset className="space-y-2">
      <legend className="font-semibold">Impacted services</legend>
      {rows.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No services listed yet.</p> : null}
      {rows.map((row, i) => (
        <div key={i} className="grid gap-2 sm:grid-cols-[14rem_1fr_auto]">
          <input
            aria-label={`Service ${i + 1}`}
            value={row.service}
            maxLength={100}
            onChange={(e) => onChange(replaceAt(rows, i, { ...row, service: e.target.value }))}
            className={input}
            placeholder="Service / product"
          />
          <textarea
            aria-label={`Impact of service ${i + 1}`}
            value={row.impact}
            rows={2}
            onChange={(e) => onChange(replaceAt(rows, i, { ...row, impact: e.target.value }))}
            className={input}
            placeholder="Impact description"
          />
          <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove service ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button size="sm" onClick={() => onChange([...rows, { service: "", impact: "" }])} disabled={rows.length >= 100}>
        Add service
      </Button>
    </fieldset>
  );
}

export function ContributingFactorsEditor({ rows, onChange }: { rows: Factors; onChange: (rows: Factors) => void }) {
  return (
    <fieldset className="space-y-2">
      <legend className="font-semibold">Contributing factors</legend>
      {rows.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No contributing factors yet.</p> : null}
      {rows.map((row, i) => (
        <div key={i} className="grid gap-2 sm:grid-cols-[14rem_1fr_9rem_auto]">
          <input
            aria-label={`Factor ${i + 1} title`}
            value={row.title}
            maxLength={200}
            onChange={(e) => onChange(replaceAt(rows, i, { ...row, title: e.target.value }))}
            className={input}
            placeholder="Title"
          />
          <textarea
            aria-label={`Factor ${i + 1} description`}
            value={row.description}
            rows={2}
            onChange={(e) => onChange(replaceAt(rows, i, { ...row, description: e.target.value }))}
            className={input}
            placeholder="Description"
          />
          <select
            aria-label={`Factor ${i + 1} category`}
            value={row.category}
            onChange={(e) => {
              const category = FACTOR_CATEGORIES.find((c) => c === e.target.value);
              if (category) onChange(replaceAt(rows, i, { ...row, category: category satisfies FactorCategory }));
            }}
            className={input}
          >
            {FACTOR_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove factor ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button size="sm" onClick={() => onChange([...rows, { title: "", description: "", category: "technical" }])} disabled={rows.length >= 100}>
        Add contributing factor
      </Button>
    </fieldset>
  );
}

"use client";

import { useEffect, useId, useState } from "react";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { ACTION_STATUSES, ACTION_TYPES } from "@/lib/action-items/schemas";
import { ACTION_STATUS_LABELS, ACTION_TYPE_LABELS } from "@/lib/action-items/labels";
import { MyItemsToggle } from "./my-items";
import { Button } from "@/components/ui/button";
import { Input, LabelAbove, Select } from "@/components/ui/input";
import { PersonPicker } from "@/components/people/person-picker";

type Changes = Record<string, string | undefined>;

const list = (v: string | undefined) => (v ? v.split(",").filter(Boolean) : []);

/** A group of checkboxes that edits one comma-separated URL parameter. */
function CheckGroup({
  legend,
  name,
  values,
  labels,
  selected,
  onChange,
}: {
  legend: string;
  name: string;
  values: readonly string[];
  labels?: Record<string, string>;
  selected: string[];
  onChange: (next: string | undefined) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <legend className="float-left mr-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">{legend}</legend>
      {values.map((v) => (
        <label key={v} className="inline-flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            name={name}
            value={v}
            checked={selected.includes(v)}
            onChange={(e) => {
              const next = e.target.checked ? [...selected, v] : selected.filter((s) => s !== v);
              // Keep the canonical order so equal filters give equal URLs.
              onChange(values.filter((x) => next.includes(x)).join(",") || undefined);
            }}
          />
          {labels?.[v] ?? v}
        </label>
      ))}
    </fieldset>
  );
}

/** Search and filters of the action-item table; every change goes to the URL. */
export function TableFilters({
  params,
  onChange,
  withSeverity = true,
}: {
  params: Record<string, string>;
  onChange: (changes: Changes) => void;
  withSeverity?: boolean;
}) {
  const id = useId();
  const [q, setQ] = useState(params.q ?? "");
  const [owner, setOwner] = useState(params.owner ?? "");

  // Back/forward and "clear" change the URL under us: follow it.
  useEffect(() => setQ(params.q ?? ""), [params.q]);
  useEffect(() => setOwner(params.owner ?? ""), [params.owner]);

  // Search as you type, once typing pauses.
  useEffect(() => {
    if (q.trim() === (params.q ?? "")) return;
    const t = setTimeout(() => onChange({ q: q.trim() || undefined }), 400);
    return () => clearTimeout(t);
  }, [q, params.q, onChange]);

  const applyOwner = (name: string) => {
    if (name.trim() !== (params.owner ?? "")) onChange({ owner: name.trim() || undefined });
  };

  const active = ["status", "owner", "ownerId", "mine", "overdue", "type", "severity", "priority", "q", "incident"].some((k) => params[k] !== undefined);

  return (
    <div className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-700" role="search" aria-label="Filter action items">
      <div className="flex flex-wrap items-end gap-3">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ q: q.trim() || undefined });
          }}
        >
          <label htmlFor={`${id}-q`} className="block text-sm font-medium">
            Search
          </label>
          <Input id={`${id}-q`} type="search" density="compact" className="w-64" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Title, owner, INC-12…" />
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            applyOwner(owner);
          }}
          // Leaving the field applies what it holds, as Enter does.
          onBlur={() => applyOwner(owner)}
        >
          <label htmlFor={`${id}-owner`} className="block text-sm font-medium">
            Owner
          </label>
          {/* Accounts and the names in use without one, looked up as you type (any spelling, or an account's email). */}
          <PersonPicker
            id={`${id}-owner`}
            value={{ userId: null, name: owner }}
            onChange={(p) => setOwner(p.name)}
            onPick={(p) => applyOwner(p.name)}
            onEnter={(p) => applyOwner(p.name)}
            placeholder="Name or email"
            density="compact"
            className="w-56"
          />
        </form>
        <LabelAbove htmlFor={`${id}-overdue`} label="Overdue">
          <Select id={`${id}-overdue`} density="compact" value={params.overdue ?? ""} onChange={(e) => onChange({ overdue: e.target.value || undefined })}>
            <option value="">Any</option>
            <option value="true">Overdue only</option>
            <option value="false">Not overdue</option>
          </Select>
        </LabelAbove>
        <MyItemsToggle on={params.mine === "true"} onChange={(mine) => onChange({ mine: mine ? "true" : undefined })} />
        {active ? (
          <Button variant="ghost" size="sm"
            onClick={() =>
              onChange({
                status: undefined,
                owner: undefined,
                ownerId: undefined,
                mine: undefined,
                overdue: undefined,
                type: undefined,
                severity: undefined,
                priority: undefined,
                q: undefined,
                incident: undefined,
              })
            }
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      <CheckGroup legend="Status" name="status" values={ACTION_STATUSES} labels={ACTION_STATUS_LABELS} selected={list(params.status)} onChange={(v) => onChange({ status: v })} />
      <div className="flex flex-wrap gap-x-8 gap-y-2">
        {withSeverity ? (
          <CheckGroup legend="Severity" name="severity" values={SEVERITIES} selected={list(params.severity)} onChange={(v) => onChange({ severity: v })} />
        ) : null}
        <CheckGroup legend="Type" name="type" values={ACTION_TYPES} labels={ACTION_TYPE_LABELS} selected={list(params.type)} onChange={(v) => onChange({ type: v })} />
      </div>
    </div>
  );
}

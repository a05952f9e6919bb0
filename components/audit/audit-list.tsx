import Link from "next/link";
import type { AuditEntryDto } from "@/lib/audit/read";
import { auditHref, type AuditQuery } from "./audit-query";
import { ArrowIcon } from "@/components/ui/icons";
import { FilterField, Input, Options, Select } from "@/components/ui/input";
import { formatUtcDateTime } from "@/lib/time-format";

export const ENTITY_LABELS: Record<string, string> = {
  incident: "Incident",
  event: "Timeline entry",
  postmortem: "Postmortem",
  action_item: "Action item",
  user: "User",
  api_key: "API key",
  incident_role: "Incident role",
};

const VALUE_MAX = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A snapshot value as text. React escapes it: stored Markdown or HTML is shown, never run. */
function valueText(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "—";
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value, null, 2);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}… (${text.length - VALUE_MAX} more characters)` : text;
}

/** Field by field: before → after. A snapshot that is not an object is one "value" row. */
function diffRows(before: unknown, after: unknown): Array<{ field: string; before: unknown; after: unknown }> {
  const b = isRecord(before) ? before : before == null ? {} : { value: before };
  const a = isRecord(after) ? after : after == null ? {} : { value: after };
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({ field, before: b[field], after: a[field] }));
}

function formatAt(at: Date): string {
  return `${formatUtcDateTime(at)} UTC`;
}

function DiffTable({ before, after }: { before: unknown; after: unknown }) {
  const rows = diffRows(before, after);
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No field details.</p>;
  // A create has no "before", a delete may have no "after": show only the sides there are.
  const showBefore = before != null;
  const showAfter = after != null;
  const cell = "border border-zinc-200 px-2 py-1 align-top whitespace-pre-wrap break-words dark:border-zinc-700";
  return (
    <table className="w-full table-fixed border-collapse text-sm" data-testid="audit-diff">
      <thead>
        <tr className="bg-zinc-50 text-left dark:bg-zinc-900">
          <th scope="col" className={`${cell} w-40 font-semibold`}>Field</th>
          {showBefore ? <th scope="col" className={`${cell} font-semibold`}>{showAfter ? "Before" : "Value"}</th> : null}
          {showAfter ? <th scope="col" className={`${cell} font-semibold`}>{showBefore ? "After" : "Value"}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field} data-field={r.field}>
            <th scope="row" className={`${cell} text-left font-mono font-normal`}>
              {r.field}
            </th>
            {showBefore ? (
              <td className={`${cell} ${showAfter ? "bg-red-50 dark:bg-red-950/30" : ""}`} data-side="before">
                {valueText(r.before)}
              </td>
            ) : null}
            {showAfter ? (
              <td className={`${cell} ${showBefore ? "bg-emerald-50 dark:bg-emerald-950/30" : ""}`} data-side="after">
                {valueText(r.after)}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Audit entries, newest first: who, when, what, and each changed field's
 * before → after. `showIncident` adds a link to the incident (instance log).
 */
export function AuditList({
  entries,
  query,
  basePath,
  showIncident = false,
}: {
  entries: AuditEntryDto[];
  query: AuditQuery;
  basePath: string;
  showIncident?: boolean;
}) {
  const last = entries.at(-1);
  const more = entries.length >= query.limit && last;
  return (
    <div className="space-y-4">
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {query.before ? "No older entries." : "No audit entries match."}
        </p>
      ) : (
        <ol aria-label="Audit entries, newest first" className="space-y-3">
          {entries.map((e) => (
            <li key={e.id} data-testid="audit-entry" data-entity={e.entity} data-action={e.action} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <time dateTime={e.at.toISOString()} className="font-mono text-sm">
                  {formatAt(e.at)}
                </time>
                <strong data-testid="audit-actor">{e.actorName}</strong>
                <span>
                  {(e.action || "change").replace(/_/g, " ")} · {ENTITY_LABELS[e.entity] ?? e.entity}{" "}
                  <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400" title={e.entityId}>
                    {e.entityId.slice(0, 8)}
                  </span>
                </span>
                {showIncident && e.incidentNumber !== null ? (
                  <Link href={`/incidents/${e.incidentNumber}/audit`} className="text-sky-700 underline dark:text-sky-400">
                    INC-{e.incidentNumber}
                  </Link>
                ) : null}
              </p>
              <DiffTable before={e.before} after={e.after} />
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Audit pages" className="flex gap-3">
        {query.before ? (
          <Link href={auditHref(basePath, { entity: query.entity, actor: query.actor })} className="text-sky-700 underline dark:text-sky-400">
            <ArrowIcon dir="left" /> Newest
          </Link>
        ) : null}
        {more ? (
          <Link
            href={auditHref(basePath, { entity: query.entity, actor: query.actor, before: last.at.toISOString(), beforeId: last.id })}
            className="text-sky-700 underline dark:text-sky-400"
          >
            Older <ArrowIcon dir="right" />
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

/** Entity and actor filters as a plain GET form: the URL holds the view. */
export function AuditFilters({ query, basePath, entities }: { query: AuditQuery; basePath: string; entities: string[] }) {
  return (
    <form method="get" action={basePath} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
      {/* text-sm on the label: the fields' text is small too. */}
      <FilterField label="Entity" className="text-sm">
        <Select name="entity" defaultValue={query.entity ?? ""} density="compact">
          <option value="">All</option>
          <Options values={entities} labels={ENTITY_LABELS} />
        </Select>
      </FilterField>
      <FilterField label="Who" className="text-sm">
        <Input name="actor" defaultValue={query.actor ?? ""} maxLength={200} placeholder="Name contains…" density="compact" />
      </FilterField>
      <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
        Filter
      </button>
      {query.entity || query.actor ? (
        <Link href={basePath} className="py-1.5 text-sm text-sky-700 underline dark:text-sky-400">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}

import Link from "next/link";
import { INCIDENT_STATUSES, SEVERITIES } from "@/lib/incidents/schemas";
import { INCIDENT_STATUS_LABELS } from "@/lib/incidents/labels";
import { Input } from "@/components/ui/input";

type Filters = { status?: string; severity?: string; q?: string };

function hrefWith(filters: Filters, change: Filters): string {
  const merged = { ...filters, ...change };
  const params = new URLSearchParams();
  if (merged.status) params.set("status", merged.status);
  if (merged.severity) params.set("severity", merged.severity);
  if (merged.q) params.set("q", merged.q);
  const qs = params.toString();
  return qs ? `/incidents?${qs}` : "/incidents";
}

function FilterGroup({
  label,
  options,
  current,
  hrefFor,
}: {
  label: string;
  options: Array<{ value: string | undefined; label: string }>;
  current: string | undefined;
  hrefFor: (value: string | undefined) => string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      <span className="mr-1 font-medium text-zinc-600 dark:text-zinc-400">{label}:</span>
      <ul className="flex flex-wrap gap-1">
        {options.map((o) => {
          const active = o.value === current;
          return (
            <li key={o.label}>
              <Link
                href={hrefFor(o.value)}
                aria-current={active ? "page" : undefined}
                className={`block rounded-full border px-3 py-1 text-base ${
                  active
                    ? "border-sky-600 bg-sky-100 font-semibold text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100"
                    : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
                }`}
              >
                {o.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * Filters are plain links that set URL search params: shareable, back-button
 * friendly, no script needed. The text box filters by title, summary or
 * number (INC-7); searching inside timelines and postmortems is the
 * header's search box.
 */
export function IncidentFilters({ status, severity, q }: Filters) {
  const filters = { status, severity, q };
  return (
    <nav aria-label="Filter incidents" className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center sm:gap-6">
      <form method="get" action="/incidents" role="search" aria-label="Filter incidents by text" className="flex items-center gap-2">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        {severity ? <input type="hidden" name="severity" value={severity} /> : null}
        <label htmlFor="incident-filter-q" className="font-medium text-zinc-600 dark:text-zinc-400">
          Find:
        </label>
        <Input
          id="incident-filter-q"
          name="q"
          type="search"
          defaultValue={q ?? ""}
          maxLength={200}
          placeholder="Title, summary or INC-7"
          density="compact"
          className="w-56 text-base"
        />
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
          Filter
        </button>
        {q ? (
          <Link href={hrefWith(filters, { q: undefined })} className="text-sm text-sky-800 underline dark:text-sky-300">
            Clear
          </Link>
        ) : null}
      </form>
      <FilterGroup
        label="Status"
        current={status}
        options={[{ value: undefined, label: "All" }, ...INCIDENT_STATUSES.map((s) => ({ value: s, label: INCIDENT_STATUS_LABELS[s] }))]}
        hrefFor={(v) => hrefWith(filters, { status: v })}
      />
      <FilterGroup
        label="Severity"
        current={severity}
        options={[{ value: undefined, label: "All" }, ...SEVERITIES.map((s) => ({ value: s, label: s }))]}
        hrefFor={(v) => hrefWith(filters, { severity: v })}
      />
    </nav>
  );
}

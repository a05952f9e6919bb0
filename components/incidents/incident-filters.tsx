import Link from "next/link";
import { INCIDENT_STATUSES, SEVERITIES } from "@/lib/incidents/schemas";
import { STATUS_LABELS } from "./labels";

type Filters = { status?: string; severity?: string };

function hrefWith(filters: Filters, change: Filters): string {
  const merged = { ...filters, ...change };
  const params = new URLSearchParams();
  if (merged.status) params.set("status", merged.status);
  if (merged.severity) params.set("severity", merged.severity);
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

/** Filters are plain links that set URL search params: shareable, back-button friendly, no script needed. */
export function IncidentFilters({ status, severity }: Filters) {
  const filters = { status, severity };
  return (
    <nav aria-label="Filter incidents" className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-6">
      <FilterGroup
        label="Status"
        current={status}
        options={[{ value: undefined, label: "All" }, ...INCIDENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
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

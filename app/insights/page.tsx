import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { currentActor } from "@/lib/auth/current-actor";
import { getIncidentMetrics, type DurationFigure, type IncidentMetrics } from "@/lib/metrics/service";
import { DEFINITIONS, METRIC_LABELS, METRIC_NAMES, type MetricName } from "@/lib/metrics/definitions";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { FACTOR_CATEGORIES } from "@/lib/postmortem/document";
import { AppError } from "@/lib/errors";
import { ActionItemTrendChart, DurationTrendChart, FactorTrendChart, ServicesChart } from "@/components/insights/charts";
import { humanDuration, monthLabel, percent } from "@/components/insights/format";
import { formatUtcDate } from "@/lib/time-format";
import { FilterField, Input } from "@/components/ui/input";
import { pageQuery, type PageSearchParams } from "@/components/ui/page-query";

export const metadata: Metadata = { title: "Insights" };

type SearchParams = Promise<PageSearchParams>;
const KEYS = ["from", "to", "severity", "service"] as const;

const th = "px-3 py-2 text-left font-semibold";
const td = "px-3 py-2 tabular-nums";

/** A day for a date input: the window's last day is the day before its exclusive end. */
function dayOf(d: Date, endExclusive = false): string {
  return formatUtcDate(new Date(d.getTime() - (endExclusive ? 1 : 0)));
}

function Figure({ name, f }: { name: MetricName; f: DurationFigure }) {
  return (
    <section aria-labelledby={`figure-${name}`} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-metric={name}>
      <h3 id={`figure-${name}`} className="text-base font-semibold text-zinc-600 dark:text-zinc-400">
        {METRIC_LABELS[name]} <span className="font-mono text-sm">({name.toUpperCase()})</span>
      </h3>
      <p className="mt-1 text-3xl font-bold tabular-nums" title={f.medianSeconds === null ? undefined : `${f.medianSeconds} s`}>
        <span className="sr-only">Median: </span>
        <span data-figure="median">{humanDuration(f.medianSeconds)}</span>
        <span className="ml-2 text-base font-normal text-zinc-600 dark:text-zinc-400">median</span>
      </p>
      <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Mean</dt>
        <dd className="tabular-nums" data-figure="mean" title={f.meanSeconds === null ? undefined : `${f.meanSeconds} s`}>
          {humanDuration(f.meanSeconds)}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">p90</dt>
        <dd className="tabular-nums" data-figure="p90" title={f.p90Seconds === null ? undefined : `${f.p90Seconds} s`}>
          {humanDuration(f.p90Seconds)}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Counted</dt>
        <dd data-figure="count">{f.count}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Missing milestone</dt>
        <dd data-figure="missing">{f.missing}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Before impact start</dt>
        <dd data-figure="negative">{f.negative}</dd>
      </dl>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{DEFINITIONS[name]}</p>
    </section>
  );
}

/** One part of the page under its heading, labelled by it. */
function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function GroupTable({ caption, rows }: { caption: string; rows: Array<{ key: string; label: string; group: Pick<IncidentMetrics, "incidents" | MetricName> }> }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left text-lg font-semibold">{caption}</caption>
        <thead className="border-b border-zinc-300 dark:border-zinc-700">
          <tr>
            <th scope="col" className={th}></th>
            <th scope="col" className={th}>
              Incidents
            </th>
            {METRIC_NAMES.map((m) => (
              <th key={m} scope="col" className={th}>
                {METRIC_LABELS[m]}: median / mean / p90 <span className="font-normal">(counted)</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, group }) => (
            <tr key={key} className="border-b border-zinc-100 dark:border-zinc-800">
              <th scope="row" className={th}>
                {label}
              </th>
              <td className={td}>{group.incidents}</td>
              {METRIC_NAMES.map((m) => (
                <td key={m} className={td}>
                  {group[m].count
                    ? `${humanDuration(group[m].medianSeconds)} / ${humanDuration(group[m].meanSeconds)} / ${humanDuration(group[m].p90Seconds)} (${group[m].count})`
                    : "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Time to detect, mitigate and resolve across incidents, with what follows from them. */
export default async function InsightsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  // Severity comes from checkboxes (several values); the API takes a comma list.
  const query = pageQuery(await searchParams, KEYS, ["severity"]);
  const actor = await currentActor();
  let problem: AppError | null = null;
  let metrics: IncidentMetrics;
  try {
    metrics = await getIncidentMetrics({ query, actor });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    problem = err;
    metrics = await getIncidentMetrics({ query: {}, actor });
  }
  const chosen = new Set(metrics.filters.severity ?? []);
  const csvQuery = new URLSearchParams({ from: metrics.window.from.toISOString(), to: metrics.window.to.toISOString() });
  if (metrics.filters.severity) csvQuery.set("severity", metrics.filters.severity.join(","));
  if (metrics.filters.service) csvQuery.set("service", metrics.filters.service);
  const m = metrics;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Insights</h1>
          <p className="text-zinc-600 dark:text-zinc-400">
            How long detection, mitigation and recovery take across incidents, {dayOf(m.window.from)} to {dayOf(m.window.to, true)} (UTC).
          </p>
        </div>
        <a href={`/api/v1/metrics/export.csv?${csvQuery}`} download className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
          Download CSV
        </a>
      </div>

      <form method="get" action="/insights" aria-label="Window and filters" className="flex flex-wrap items-end gap-3">
        <FilterField label="From">
          <Input name="from" type="date" defaultValue={dayOf(m.window.from)} density="compact" />
        </FilterField>
        <FilterField label="To (inclusive)">
          <Input name="to" type="date" defaultValue={dayOf(m.window.to, true)} density="compact" />
        </FilterField>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Severity (none: all)</legend>
          <div className="flex gap-3 py-1.5">
            {SEVERITIES.map((s) => (
              <label key={s} className="flex items-center gap-1">
                <input type="checkbox" name="severity" value={s} defaultChecked={chosen.has(s)} />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        <FilterField label="Service">
          <Input name="service" defaultValue={m.filters.service ?? ""} maxLength={100} density="compact" className="w-44" />
        </FilterField>
        <button type="submit" className="rounded-md bg-sky-700 px-4 py-1.5 font-semibold text-white hover:bg-sky-800">
          Show
        </button>
      </form>
      {problem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-300">
          {problem.message} — showing the last 12 months instead.
        </p>
      ) : null}

      <Section
        id="overall"
        title={
          <>
            <span data-figure="incidents">{m.incidents}</span> incident{m.incidents === 1 ? "" : "s"}
          </>
        }
      >
        <div className="grid gap-4 md:grid-cols-3">
          {METRIC_NAMES.map((name) => (
            <Figure key={name} name={name} f={m[name]} />
          ))}
        </div>
        <details className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" open>
          <summary className="cursor-pointer font-semibold">How these are counted</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-300">
            <li>{DEFINITIONS.window}</li>
            <li>{DEFINITIONS.impactStart}</li>
            <li>{DEFINITIONS.missing}</li>
            <li>{DEFINITIONS.negative}</li>
            <li>{DEFINITIONS.median}</li>
            <li>{DEFINITIONS.mean}</li>
          </ul>
        </details>
      </Section>

      <Section id="over-time" title="Over time">
        <DurationTrendChart data={m.byMonth.map((g) => ({ month: g.month, incidents: g.incidents, mttd: g.mttd.medianSeconds, mttm: g.mttm.medianSeconds, mttr: g.mttr.medianSeconds }))} />
        <GroupTable caption="By month (UTC month of impact start)" rows={m.byMonth.map((g) => ({ key: g.month, label: monthLabel(g.month), group: g }))} />
        <GroupTable caption="By severity" rows={m.bySeverity.map((g) => ({ key: g.severity, label: g.severity, group: g }))} />
      </Section>

      <Section id="action-items" title="Action items">
        <p>
          <span data-figure="closure-rate" className="text-2xl font-bold">
            {percent(m.actionItems.closureRate)}
          </span>{" "}
          closed ({m.actionItems.closed} of {m.actionItems.total}); <span data-figure="overdue-now">{m.actionItems.overdueNow}</span> overdue now.
        </p>
        <ActionItemTrendChart data={m.actionItems.byMonth} />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{DEFINITIONS.actionItems}</p>
      </Section>

      <Section id="factors" title="Contributing factors">
        <p>
          {FACTOR_CATEGORIES.map((c, i) => (
            <span key={c}>
              {i ? " · " : ""}
              {c[0]?.toUpperCase() + c.slice(1)}: <strong data-figure={`factors-${c}`}>{m.contributingFactors.byCategory[c]}</strong>
            </span>
          ))}
        </p>
        <FactorTrendChart data={m.contributingFactors.byMonth} categories={[...FACTOR_CATEGORIES]} />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{DEFINITIONS.factors}</p>
      </Section>

      <Section id="services" title="Services with the most incidents">
        {m.services.length ? (
          <>
            <ServicesChart data={m.services} />
            <ol className="list-decimal pl-6" aria-label="Services by incidents">
              {m.services.map((s) => (
                <li key={s.service}>
                  {s.service}: {s.incidents}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-400">No services named on these incidents.</p>
        )}
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{DEFINITIONS.services}</p>
      </Section>
    </div>
  );
}

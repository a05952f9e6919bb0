import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { currentActor } from "@/lib/auth/current-actor";
import { searchEverything, type SearchPage } from "@/lib/search/service";
import { SEARCH_TYPES, SEARCH_TYPE_LABELS } from "@/lib/search/labels";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { AppError } from "@/lib/errors";
import { SeverityBadge } from "@/components/incidents/badges";
import { groupByIncident, type SearchResultJson } from "@/components/search/api";
import { ResultBody } from "@/components/search/result-item";
import { ResultLink } from "@/components/search/result-link";
import { FilterField, Input, Options, Select } from "@/components/ui/input";
import { pageQuery, type PageSearchParams } from "@/components/ui/page-query";

export const metadata: Metadata = { title: "Search" };

type SearchParams = Promise<PageSearchParams>;
const KEYS = ["q", "type", "severity", "service", "from", "to", "cursor"] as const;
const PAGE = "50";

function toJson(page: SearchPage): SearchResultJson[] {
  return page.results.map((r) => ({ ...r, occurredAt: r.occurredAt ? r.occurredAt.toISOString() : null }));
}

/** Every search result with filters, a page at a time (the header box shows the first few). */
export default async function SearchResultsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const query = pageQuery(await searchParams, KEYS);
  const actor = await currentActor();
  let page: SearchPage | null = null;
  let problem: AppError | null = null;
  if (query.q?.trim()) {
    try {
      page = await searchEverything({ query: { ...query, limit: PAGE }, actor });
    } catch (err) {
      if (err instanceof AppError && err.status < 500) problem = err;
      else throw err;
    }
  }
  const groups = page ? groupByIncident(toJson(page)) : [];
  const { cursor: _cursor, ...withoutCursor } = query;
  const next = page?.nextCursor ? `/search?${new URLSearchParams({ ...withoutCursor, cursor: page.nextCursor })}` : null;

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Search</h1>
      <form method="get" action="/search" role="search" className="flex flex-wrap items-end gap-3">
        <FilterField label="Words" className="min-w-64 flex-1">
          <Input name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} density="compact" placeholder="rollback 4411, &quot;connection pool&quot;…" />
        </FilterField>
        <FilterField label="Kind">
          <Select name="type" defaultValue={query.type ?? ""} density="compact">
            <option value="">Everything</option>
            <Options values={SEARCH_TYPES} labels={SEARCH_TYPE_LABELS} />
          </Select>
        </FilterField>
        <FilterField label="Severity">
          <Select name="severity" defaultValue={query.severity ?? ""} density="compact">
            <option value="">Any</option>
            <Options values={SEVERITIES} />
          </Select>
        </FilterField>
        <FilterField label="Service">
          <Input name="service" defaultValue={query.service ?? ""} maxLength={100} density="compact" className="w-40" />
        </FilterField>
        <FilterField label="Started from">
          <Input name="from" type="date" defaultValue={query.from ?? ""} density="compact" />
        </FilterField>
        <FilterField label="to">
          <Input name="to" type="date" defaultValue={query.to ?? ""} density="compact" />
        </FilterField>
        <button type="submit" className="rounded-md bg-sky-700 px-4 py-1.5 font-semibold text-white hover:bg-sky-800">
          Search
        </button>
      </form>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Every word must match (in any order; the last one may be a beginning, <q>rollb</q> finds <q>rollback</q>). Put words in quotes to find them
        together. Word forms match (<q>deploy</q> finds <q>deployed</q>); case and accents are ignored. Dates are the incident&apos;s impact start (UTC).
      </p>

      {problem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-300">
          {problem.message}
        </p>
      ) : null}
      {page && groups.length === 0 ? <p className="text-lg">No matches{query.cursor ? " on this page" : ""}.</p> : null}

      {groups.length ? (
        <section aria-label="Search results" className="space-y-4">
          {groups.map((g) => (
            <div key={g.incidentId} className="rounded-lg border border-zinc-200 dark:border-zinc-800">
              <h2 className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-2 font-semibold dark:border-zinc-800 dark:bg-zinc-900">
                <SeverityBadge severity={g.severity} />
                <Link href={`/incidents/${g.results[0]?.incidentNumber ?? ""}`} className="hover:underline">
                  <span className="font-mono">{g.incidentKey}</span> {g.incidentTitle}
                </Link>
              </h2>
              <ul>
                {g.results.map((r) => (
                  <li key={`${r.type}-${r.id}`} className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/60">
                    <ResultLink href={r.url} className="block px-3 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-900">
                      <ResultBody result={r} />
                    </ResultLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
      {next || query.cursor ? (
        <nav aria-label="Result pages" className="flex gap-4">
          {query.cursor ? (
            <Link href={`/search?${new URLSearchParams(withoutCursor)}`} className="text-sky-800 underline dark:text-sky-300">
              ← First page
            </Link>
          ) : null}
          {next ? (
            <Link href={next} className="text-sky-800 underline dark:text-sky-300">
              Next {PAGE} results →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

import { z } from "zod";
import { MATCH_END, MATCH_START } from "./snippet";
import { prefixStems, type SearchTerm } from "./query-text";
import { inOrder, toHit, zDocIdRow, zHitRow, type IndexHit, type RawQueryable, type SearchFilter, type SearchIndex } from "./hits";

// PostgreSQL full-text search over search_doc (prisma/migrations-postgresql/
// *_search_index): a stored tsvector column with a GIN index, the
// 'debrief_search' configuration (English stems, accents folded, no stop
// words: as SQLite's porter unicode61 tokenizer reads words), ts_rank for
// order and ts_headline for snippets.
//
// The tsquery is built from bound values only: each term goes through
// phraseto_tsquery (which reads plain text, no operators); a prefix word is
// letters and digits only (lib/search/query-text.ts), so `word || ':*'` is
// one prefix lexeme for to_tsquery and nothing else.

// English stems, accents and case folded, no stop words (defined by the migration).
const CONFIG = "'debrief_search'::regconfig";

function termSql(term: SearchTerm, bind: (value: unknown) => string): string {
  if (!term.prefix) return `phraseto_tsquery(${CONFIG}, ${bind(term.words.join(" "))})`;
  const last = term.words.at(-1) ?? "";
  // The word as a prefix, or (with `stems`) any of its shorter stems as a word (lib/search/query-text.ts).
  const stems = term.stems ? prefixStems(last) : [];
  const forms = [`to_tsquery(${CONFIG}, ${bind(last)} || ':*')`, ...stems.map((stem) => `plainto_tsquery(${CONFIG}, ${bind(stem)})`)];
  const lastWord = `(${forms.join(" || ")})`;
  const head = term.words.slice(0, -1);
  return head.length ? `tsquery_phrase(phraseto_tsquery(${CONFIG}, ${bind(head.join(" "))}), ${lastWord})` : lastWord;
}

/** A `WITH q AS (...)` clause holding the query, and the values it binds (from $1). */
function queryCte(terms: SearchTerm[], values: unknown[]): string {
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return `WITH q AS (SELECT (${terms.map((t) => termSql(t, bind)).join(" && ")}) AS query)`;
}

function filterSql(filter: SearchFilter, values: unknown[]): string[] {
  const bind = (value: unknown, cast = "") => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  const sql: string[] = [];
  if (filter.types?.length) sql.push(`d.kind IN (${filter.types.map((t) => bind(t)).join(", ")})`);
  if (filter.severities?.length) sql.push(`i."severity" IN (${filter.severities.map((s) => bind(s)).join(", ")})`);
  // Prisma keeps a DateTime in "timestamp(3)" (no zone) as its UTC wall time:
  // compare with the instant's UTC wall time, never through the session's
  // TimeZone (which a plain ::timestamptz comparison would apply to the column).
  const utc = (d: Date) => `(${bind(d.toISOString(), "::timestamptz")} AT TIME ZONE 'UTC')`;
  if (filter.from) sql.push(`i."startedAt" >= ${utc(filter.from)}`);
  if (filter.to) sql.push(`i."startedAt" < ${utc(filter.to)}`);
  if (filter.service) {
    const name = bind(filter.service);
    sql.push(`d.incident_id IN (
      SELECT si."id" FROM "Incident" si,
             jsonb_array_elements_text(CASE WHEN jsonb_typeof(search_try_jsonb(si."services")) = 'array'
                                            THEN search_try_jsonb(si."services") ELSE '[]'::jsonb END) sv(value)
       WHERE lower(trim(sv.value)) = lower(${name})
      UNION
      SELECT p."incidentId" FROM "ImpactedService" s JOIN "Postmortem" p ON p."id" = s."postmortemId"
       WHERE lower(trim(s."service")) = lower(${name}))`);
  }
  return sql;
}

async function rankedDocIds(db: RawQueryable, terms: SearchTerm[], filter: SearchFilter, page: { offset: number; limit: number }): Promise<string[]> {
  const values: unknown[] = [];
  const cte = queryCte(terms, values);
  const where = ["d.tsv @@ q.query", `i."deletedAt" IS NULL`, ...filterSql(filter, values)].join(" AND ");
  values.push(page.limit, page.offset);
  const rows = await db.$queryRawUnsafe(
    `${cte}
     SELECT d.id::text AS "docId"
       FROM q, search_doc d
       JOIN "Incident" i ON i."id" = d.incident_id
      WHERE ${where}
      ORDER BY ts_rank(d.tsv, q.query) DESC, d.id
      LIMIT $${values.length - 1} OFFSET $${values.length}`,
    ...values,
  );
  return z.array(zDocIdRow).parse(rows).map((r) => r.docId);
}

const HEADLINE_BODY = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MinWords=12, MaxWords=28, ShortWord=2`;
const HEADLINE_WHOLE = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`;

/** ts_headline with "…" where it cut text off (search_headline, defined by the migration). */
function headline(column: string, options: string): string {
  return `search_headline(d.${column}, q.query, ${options})`;
}

async function snippets(db: RawQueryable, terms: SearchTerm[], ids: string[]): Promise<IndexHit[]> {
  if (ids.length === 0) return [];
  const values: unknown[] = [];
  const cte = queryCte(terms, values);
  values.push(HEADLINE_WHOLE, HEADLINE_BODY);
  const whole = `$${values.length - 1}`;
  const body = `$${values.length}`;
  const idList = ids.map((id) => {
    values.push(id);
    return `$${values.length}::bigint`;
  });
  const rows = await db.$queryRawUnsafe(
    `${cte}
     SELECT d.id::text AS "docId", d.kind AS kind, d.source_id AS "sourceId", d.part AS part, d.incident_id AS "incidentId",
            ${headline("title", whole)} AS "titleMarked",
            ${headline("body", body)} AS "bodyMarked",
            ${headline("people", whole)} AS "peopleMarked"
       FROM q, search_doc d
      WHERE d.id IN (${idList.join(", ")})`,
    ...values,
  );
  return inOrder(ids, z.array(zHitRow).parse(rows).map(toHit));
}

export const postgresSearchIndex: SearchIndex = {
  provider: "postgresql",
  async search(db: RawQueryable, terms: SearchTerm[], filter: SearchFilter, page: { offset: number; limit: number }) {
    if (terms.length === 0) return [];
    return snippets(db, terms, await rankedDocIds(db, terms, filter, page));
  },
};

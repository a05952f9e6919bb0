import { z } from "zod";
import { fts5MatchExpression, type SearchTerm } from "./query-text";
import { inOrder, toHit, zDocIdRow, zHitRow, type IndexHit, type RawQueryable, type SearchFilter, type SearchIndex } from "./hits";

// SQLite FTS5 over search_doc (prisma/migrations/*_search_index). The
// MATCH expression comes from fts5MatchExpression (quoted phrases of plain
// words only); every value is bound, never spliced.
//
// Two passes: the ranked page of document ids first, then snippets for just
// those. SQLite computes every selected column before it sorts, so asking
// for snippets in the ranked query would build one for every match.

const START = "char(57344)"; // MATCH_START, U+E000
const END = "char(57345)"; // MATCH_END, U+E001
// Tokens per snippet: titles are short enough to come whole; bodies give a window around the match.
const TITLE_TOKENS = 64;
const BODY_TOKENS = 28;
const PEOPLE_TOKENS = 16;
// Relevance: a match in a title counts four times one in a body, a name
// twice; the kind column not at all. (bm25() by name: the configured `rank`
// column computes the same thing measurably slower.)
const RANK = "bm25(search_fts, 4.0, 1.0, 2.0, 0.0)";

/** The incident-level filters, on "Incident" i; none: no join at all. */
function incidentFilterSql(filter: SearchFilter): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  if (filter.severities?.length) {
    sql.push(`i."severity" IN (${filter.severities.map(() => "?").join(", ")})`);
    values.push(...filter.severities);
  }
  // julianday() reads either spelling of UTC ("Z" or "+00:00").
  if (filter.from) {
    sql.push(`julianday(i."startedAt") >= julianday(?)`);
    values.push(filter.from.toISOString());
  }
  if (filter.to) {
    sql.push(`julianday(i."startedAt") < julianday(?)`);
    values.push(filter.to.toISOString());
  }
  if (filter.service) {
    // Worked out once per query (an IN list), not once per matching row.
    sql.push(`i."id" IN (
      SELECT si."id" FROM "Incident" si,
             json_each(CASE WHEN json_valid(si."services") THEN si."services" ELSE '[]' END) sv
       WHERE sv.type = 'text' AND lower(trim(sv.value)) = lower(?)
      UNION
      SELECT p."incidentId" FROM "ImpactedService" s JOIN "Postmortem" p ON p."id" = s."postmortemId"
       WHERE lower(trim(s."service")) = lower(?))`);
    values.push(filter.service, filter.service);
  }
  return { sql, values };
}

/** LIMIT/OFFSET as literals (integers only): with bound ones FTS5 ranks noticeably slower. */
function pageSql(page: { offset: number; limit: number }): string {
  if (!Number.isSafeInteger(page.limit) || !Number.isSafeInteger(page.offset) || page.limit < 0 || page.offset < 0) {
    throw new Error("search page bounds must be non-negative integers");
  }
  return `LIMIT ${page.limit} OFFSET ${page.offset}`;
}

async function rankedDocIds(db: RawQueryable, match: string, filter: SearchFilter, page: { offset: number; limit: number }): Promise<string[]> {
  const incident = incidentFilterSql(filter);
  // The index holds only live records (the triggers see to it), so without
  // incident filters FTS5 ranks and cuts the page by itself, much cheaper
  // than sorting a join of every match.
  const rows = incident.sql.length
    ? await db.$queryRawUnsafe(
        `SELECT f.rowid AS docId
           FROM search_fts f
           JOIN search_doc d ON d.id = f.rowid
           JOIN "Incident" i ON i."id" = d.incident_id
          WHERE search_fts MATCH ? AND i."deletedAt" IS NULL AND ${incident.sql.join(" AND ")}
          ORDER BY ${RANK}, f.rowid
          ${pageSql(page)}`,
        match,
        ...incident.values,
      )
    : await db.$queryRawUnsafe(`SELECT rowid AS docId FROM search_fts WHERE search_fts MATCH ? ORDER BY ${RANK} ${pageSql(page)}`, match);
  return z.array(zDocIdRow).parse(rows).map((r) => r.docId);
}

async function snippets(db: RawQueryable, match: string, ids: string[]): Promise<IndexHit[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRawUnsafe(
    `SELECT d.id AS docId, d.kind AS kind, d.source_id AS sourceId, d.part AS part, d.incident_id AS incidentId,
            snippet(search_fts, 0, ${START}, ${END}, '…', ${TITLE_TOKENS}) AS titleMarked,
            snippet(search_fts, 1, ${START}, ${END}, '…', ${BODY_TOKENS}) AS bodyMarked,
            snippet(search_fts, 2, ${START}, ${END}, '…', ${PEOPLE_TOKENS}) AS peopleMarked
       FROM search_fts f
       JOIN search_doc d ON d.id = f.rowid
      WHERE search_fts MATCH ? AND f.rowid IN (${ids.map(() => "?").join(", ")})`,
    match,
    ...ids.map(Number),
  );
  const hits = z.array(zHitRow).parse(rows).map(toHit);
  return inOrder(ids, hits);
}

export const sqliteSearchIndex: SearchIndex = {
  provider: "sqlite",
  async search(db: RawQueryable, terms: SearchTerm[], filter: SearchFilter, page: { offset: number; limit: number }) {
    if (terms.length === 0) return [];
    const match = fts5MatchExpression(terms, filter.types);
    return snippets(db, match, await rankedDocIds(db, match, filter, page));
  },
};

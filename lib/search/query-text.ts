/**
 * What a person types into a search box, read as plain words: no operator
 * of FTS5 or of PostgreSQL's tsquery ever reaches the database from it.
 * Every word (or "quoted phrase") must match; the last word also matches
 * as a prefix while it is being typed (no space after it yet), so
 * "rollb" finds "rollback". Quotes, *, -, :, (, ), NEAR, AND, OR, NOT are
 * ordinary text: punctuation separates words, and the operator words are
 * searched for as words.
 *
 * Both indexes stem words ("deployed", "deploys" → "deploy"), so a word
 * being typed can run past the stem of the word it is heading for
 * ("rollbackab" of "rollbackable", indexed as "rollback"). When the typed
 * prefix matches nothing, the search is run again with the last word also
 * matching the indexed words it starts with, down to PREFIX_BACKOFF letters
 * shorter (never under MIN_STEM_LENGTH): results do not vanish while a
 * longer word is typed out. Only then: otherwise "login" would also find
 * every entry about "logs" (stem "log").
 */

export type SearchTerm = {
  /** The words of the term, in order (letters and digits only). */
  words: string[];
  /** The last word matches as a prefix. */
  prefix: boolean;
  /** With `prefix`: the last word also matches its shorter stems (see above). */
  stems?: boolean;
};

/** The same terms with the shorter stems of a prefix allowed; null when no term is a prefix. */
export function withPrefixStems(terms: SearchTerm[]): SearchTerm[] | null {
  if (!terms.some((t) => t.prefix && prefixStems(t.words.at(-1) ?? "").length > 0)) return null;
  return terms.map((t) => (t.prefix ? { ...t, stems: true } : t));
}

/** More words than this are ignored (the query is at most 200 characters anyway). */
export const MAX_TERMS = 16;
/** A prefix shorter than this would expand to too many words to be useful. */
export const MIN_PREFIX_LENGTH = 2;
export const PREFIX_BACKOFF = 3;
export const MIN_STEM_LENGTH = 3;

/** The shorter forms of a word being typed that also count as a match of it (see above). */
export function prefixStems(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let n = chars.length - 1; n >= Math.max(MIN_STEM_LENGTH, chars.length - PREFIX_BACKOFF); n--) out.push(chars.slice(0, n).join(""));
  return out;
}

// The characters FTS5's unicode61 tokenizer keeps in a token (categories L*,
// N*, Co); everything else separates words. PostgreSQL's parser agrees on
// letters and digits.
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Split typed text into terms: "quoted phrases" stay together, other words stand alone. */
export function parseSearchText(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const chunk = /"([^"]*)"|[^\s"]+/g;
  let lastEndsOpen = false;
  for (const match of text.matchAll(chunk)) {
    const quoted = match[1];
    const words = wordsOf(quoted ?? match[0]);
    if (words.length === 0) continue;
    if (quoted !== undefined) {
      terms.push({ words, prefix: false });
      lastEndsOpen = false;
    } else {
      // An unquoted chunk like "deploy-4411" is one phrase of its words.
      terms.push({ words, prefix: false });
      const end = (match.index ?? 0) + match[0].length;
      // Still being typed: nothing after it, and it ends in a word character.
      lastEndsOpen = end === text.length && /[\p{L}\p{N}\p{Co}]$/u.test(match[0]);
    }
  }
  const kept = terms.slice(0, MAX_TERMS);
  const last = kept.at(-1);
  if (last && lastEndsOpen && kept.length === terms.length && (last.words.at(-1)?.length ?? 0) >= MIN_PREFIX_LENGTH) {
    last.prefix = true;
  }
  return kept;
}

/**
 * An FTS5 MATCH expression for the terms: each is a quoted phrase (inside
 * quotes FTS5 has no operators, and the words hold no quote) looked for in
 * the text columns, joined by AND; a prefix term is the prefix phrase, or
 * with `stems` an OR of it and its shorter stems. `kinds` restricts the indexed kind column.
 */
export function fts5MatchExpression(terms: SearchTerm[], kinds: readonly string[] = []): string {
  const parts = terms.map((t) => {
    const phrase = `"${t.words.join(" ")}"`;
    if (!t.prefix) return `{title body people} : ${phrase}`;
    const head = t.words.slice(0, -1);
    const stems = t.stems ? prefixStems(t.words.at(-1) ?? "").map((stem) => `"${[...head, stem].join(" ")}"`) : [];
    if (stems.length === 0) return `{title body people} : ${phrase} *`;
    return `{title body people} : (${[`${phrase} *`, ...stems].join(" OR ")})`;
  });
  // Kind names are ours (SEARCH_TYPES), never typed text; "_" separates words like a space.
  if (kinds.length) parts.push(`kind : (${kinds.map((k) => `"${k.replace(/[^a-z_]/g, "")}"`).join(" OR ")})`);
  return parts.join(" AND ");
}

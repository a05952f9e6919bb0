/**
 * The words an entry may start with, after its time: the speaker of a chat
 * line, "public:", and the kind prefixes. Pure string work, shared by the
 * one-line entry language (parse-entry.ts) and pasted chat logs
 * (chat-log.ts).
 */

export const ENTRY_KINDS = ["note", "action", "decision", "communication", "alert"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

const KIND_PREFIXES: Array<[RegExp, EntryKind]> = [
  [/^(?:a|action):\s*/i, "action"],
  [/^(?:d|decision):\s*/i, "decision"],
  [/^(?:c|comm|communication):\s*/i, "communication"],
  [/^(?:alert:\s*|!\s*)/i, "alert"],
  [/^(?:n|note):\s*/i, "note"],
];

const PUBLIC_PREFIX = /^public:\s*/i;

export function matchKind(text: string): { kind: EntryKind; rest: string } | null {
  for (const [re, kind] of KIND_PREFIXES) {
    const m = re.exec(text);
    if (m) return { kind, rest: text.slice(m[0].length) };
  }
  return null;
}

/** "public:" at the start: the rest, else null. Only the whole word counts. */
export function matchPublic(text: string): string | null {
  const m = PUBLIC_PREFIX.exec(text);
  return m ? text.slice(m[0].length) : null;
}

/** Drop the separator people put between a time and the text: "14:02 - paged", "14:02: paged". */
export function stripSeparator(text: string): string {
  return text.replace(/^\s*(?:[-–—|:,;]\s+|[:,;](?=\S))?/, "").replace(/^\s+/, "");
}

export type Prefixes = { kind: EntryKind | null; isPublic: boolean; body: string };

/** "public:" and a kind prefix, in either order, at the start of a text that has no time. */
export function takePrefixes(text: string): Prefixes {
  let rest = text.trimStart();
  let kind: EntryKind | null = null;
  let isPublic = false;
  for (let i = 0; i < 2; i++) {
    const pub = isPublic ? null : matchPublic(rest);
    if (pub !== null) {
      isPublic = true;
      rest = pub.trimStart();
    }
    const k: { kind: EntryKind; rest: string } | null = kind ? null : matchKind(rest);
    if (k) {
      kind = k.kind;
      rest = k.rest.trimStart();
    }
  }
  return { kind, isPublic, body: rest.trim() };
}

// Log levels are what a log line has where a chat line has its speaker ("[18:21] ERROR: …").
const LOG_LEVEL = /^(?:trace|debug|info|notice|warn(?:ing)?|err(?:or)?|crit(?:ical)?|fatal|alert|emerg(?:ency)?|severe|panic)$/i;

export const SPEAKER_MAX = 64;

/** A display name as chat apps print them: a handle, "Alice Smith", "Smith, John", "Ana (Guest)". */
export function looksLikeName(text: string): boolean {
  const name = text.trim();
  if (!name || name.length > SPEAKER_MAX) return false;
  if (!/\p{L}/u.test(name) || /[:[\]<>{}"`]|\/\//.test(name)) return false;
  if (/[.!?;]$/.test(name) && !/\b\p{Lu}\.$/u.test(name)) return false; // a sentence, not "John Q."
  if (LOG_LEVEL.test(name)) return false;
  if (matchKind(`${name}: x`) || matchPublic(`${name}: x`) !== null) return false;
  return name.split(/\s+/).length <= 5;
}

const HANDLE = /^@?[\p{L}\p{N}][\p{L}\p{N}._'’-]*$/u;
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|\([^()]{1,30}\)|(?:van|von|de|der|den|da|di|du|del|la|le|bin|al)),?$/u;

/**
 * Stricter: a line of its own that is a person, as chat apps print a
 * message header: one handle ("alice", "j.doe") or capitalised words
 * ("Alice Smith", "Smith, John", "Ana (Guest)"). "retrying the deploy" is
 * a sentence, not a name.
 */
export function looksLikePersonName(text: string): boolean {
  const name = text.trim();
  if (!looksLikeName(name)) return false;
  if (HANDLE.test(name)) return true;
  const words = name.split(/\s+/);
  return words.length >= 2 && words.every((w) => NAME_WORD.test(w)) && /^\p{Lu}/u.test(name);
}

function cleanName(name: string): string {
  return name.trim().replace(/^[@+%~&]/, "");
}

/**
 * The speaker at the start of a chat line's text: "<alice> …" always;
 * "alice: …" when `colon` (the line's stamp was chat-like: bracketed or
 * 12-hour). A kind prefix is never a speaker ("a: rolled back").
 */
export function takeSpeaker(text: string, colon: boolean): { speaker: string; rest: string } | null {
  const angle = /^<([^<>\n]{1,64})>\s*/.exec(text);
  if (angle?.[1] !== undefined) {
    const speaker = cleanName(angle[1]);
    return speaker && /\p{L}|\p{N}/u.test(speaker) ? { speaker, rest: text.slice(angle[0].length) } : null;
  }
  if (!colon) return null;
  const named = /^([^:\n]{1,64}):(?:\s+|$)/.exec(text);
  if (named?.[1] === undefined || !looksLikeName(named[1])) return null;
  return { speaker: cleanName(named[1]), rest: text.slice(named[0].length) };
}

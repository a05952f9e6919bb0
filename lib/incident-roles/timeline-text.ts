// Names are written into a Markdown timeline entry: the characters that
// would make them a link, emphasis, code, HTML or a table cell border are
// escaped, so "Ana_Lee" or "<b>x</b>" reads as typed.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~#!]/g;

function literal(name: string): string {
  // One line, whatever an account's name holds.
  return name.replace(/\s+/g, " ").trim().replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** The timeline entry for a role change: "Ana Lee is now Commander (was Bo Chen)." */
export function roleChangeText(role: string, previous: string | null, next: string | null): string {
  if (next === null) return `${literal(role)} unassigned${previous ? ` (was ${literal(previous)})` : ""}.`;
  return `${literal(next)} is now ${literal(role)}${previous ? ` (was ${literal(previous)})` : ""}.`;
}

/**
 * How Debrief compares the names of people: Unicode NFKC (so a full-width
 * or composed letter equals its plain form), trimmed, every run of white
 * space as one space, lower case without a locale (the same on every
 * machine). "Alice  Chen", "alice chen" and "ALICE CHEN" share a key.
 *
 * The key is stored beside each name (User.nameKey, ActionItem.ownerKey,
 * IncidentRoleAssignment.personKey) so that matching and filtering are
 * index lookups on SQLite and PostgreSQL alike; SQL's own lower() differs
 * between the two (SQLite folds ASCII only).
 */
export function personKey(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** The key of an optional name; null stays null. */
export function personKeyOrNull(text: string | null | undefined): string | null {
  return text == null ? null : personKey(text);
}

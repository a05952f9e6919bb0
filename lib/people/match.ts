import type { Tx } from "../db/client";
import { personKey } from "./person-key";

/** An account a name was matched to. */
export type MatchedAccount = { id: string; name: string };

/** Lookups per statement: well under every database's limit on bound values. */
const KEYS_PER_QUERY = 400;

/**
 * The accounts named by each of `texts`: a text names an account when it
 * equals the account's name or email under personKey(). A text that names
 * no account, or two or more, maps to nothing: Debrief never guesses
 * between people. Deactivated accounts count (a name still means that
 * person), so they can make a name ambiguous too.
 *
 * Keyed by personKey(text). Cost: one indexed query per 400 distinct names.
 */
export async function accountsNamedBy(db: Tx, texts: Iterable<string>): Promise<Map<string, MatchedAccount>> {
  const keys = [...new Set([...texts].map(personKey).filter(Boolean))];
  const candidates = new Map<string, Map<string, MatchedAccount>>();
  for (let at = 0; at < keys.length; at += KEYS_PER_QUERY) {
    const slice = keys.slice(at, at + KEYS_PER_QUERY);
    const wanted = new Set(slice);
    const users = await db.user.findMany({
      where: { OR: [{ nameKey: { in: slice } }, { email: { in: slice } }] },
      select: { id: true, name: true, email: true, nameKey: true },
    });
    for (const u of users) {
      for (const key of new Set([u.nameKey, u.email.toLowerCase()])) {
        if (!key || !wanted.has(key)) continue;
        const found = candidates.get(key) ?? new Map<string, MatchedAccount>();
        found.set(u.id, { id: u.id, name: u.name });
        candidates.set(key, found);
      }
    }
  }
  const matched = new Map<string, MatchedAccount>();
  for (const [key, accounts] of candidates) {
    const [only, ...others] = [...accounts.values()];
    if (only && others.length === 0) matched.set(key, only);
  }
  return matched;
}

/** The one account `text` names, or null (none, or several: see accountsNamedBy). */
export async function accountNamedBy(db: Tx, text: string): Promise<MatchedAccount | null> {
  return (await accountsNamedBy(db, [text])).get(personKey(text)) ?? null;
}

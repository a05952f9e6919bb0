// Which tables a backup holds, and in what order: the same rule whichever
// store the snapshot is taken from.
import { exclusionReason } from "./excluded";

/**
 * The tables a backup keeps and those it leaves out (with the reason written
 * into its header); the kept ones parents first, so a restore can insert them
 * in file order. `references` are the store's foreign keys, child → parent.
 */
export function backupTables(
  names: string[],
  references: Array<{ child: string; parent: string }>,
): { tables: string[]; excluded: Array<{ table: string; reason: string }> } {
  const excluded = names.flatMap((table) => {
    const reason = exclusionReason(table);
    return reason === null ? [] : [{ table, reason }];
  });
  return { tables: parentsFirst(names.filter((n) => exclusionReason(n) === null), references), excluded };
}

/** Tables in an order where every table comes after the tables it references. */
function parentsFirst(names: string[], references: Array<{ child: string; parent: string }>): string[] {
  const wanted = new Set(names);
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const { child, parent } of references) {
    if (child !== parent && wanted.has(child) && wanted.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  let remaining = [...names].sort();
  while (remaining.length) {
    const ready = remaining.filter((t) => [...(parents.get(t) ?? [])].every((p) => done.has(p)));
    // A cycle: take the rest by name (the target checks keys at commit anyway).
    const next = ready.length ? ready : remaining;
    for (const t of next) {
      ordered.push(t);
      done.add(t);
    }
    remaining = remaining.filter((t) => !done.has(t));
  }
  return ordered;
}

import "server-only";
import { getDb } from "../db/client";
import { parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { markdownLimits } from "../workers/limits";
import { runMarkdownTask } from "../workers/pool";
import { addUtcDays, startOfUtcDay } from "./dates";
import { OPEN_STATUSES, ZDigestQuery } from "./schemas";

export { buildDigestTree, renderDigestMarkdown, type DigestInput, type DigestItem } from "./digest-markdown";

/** More than this many items makes a digest nobody reads; the rest is counted. */
export const DIGEST_MAX_ITEMS = 1_000;

/**
 * GET …/digest.md: overdue items and those due within `days` (default 7),
 * grouped by owner, ready for a chat channel. `now` pins the date (tests, replays).
 */
export async function getActionItemDigest({ query = {}, actor, baseUrl }: { query?: unknown; actor: Actor; baseUrl?: string }): Promise<string> {
  authorize(actor, "incidents.read");
  const { days, now = new Date() } = parseInput(ZDigestQuery, query);
  const until = addUtcDays(startOfUtcDay(now), days);
  const db = await getDb();
  const where = { status: { in: [...OPEN_STATUSES] }, dueDate: { not: null, lte: until }, incident: { deletedAt: null } };
  const [rows, total] = await Promise.all([
    db.actionItem.findMany({
      where,
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: DIGEST_MAX_ITEMS,
      select: {
        id: true,
        title: true,
        owner: true,
        dueDate: true,
        status: true,
        priority: true,
        externalUrl: true,
        incident: { select: { number: true, severity: true } },
      },
    }),
    db.actionItem.count({ where }),
  ]);
  const items = rows.flatMap((r) => (r.dueDate ? [{ ...r, dueDate: r.dueDate }] : []));
  return runMarkdownTask("renderDigest", { items, now, days, baseUrl, omitted: total - items.length }, {
    limitMs: markdownLimits().digestMs,
    owner: actor.id,
    subject: { path: "(digest)", label: "The digest" },
  });
}

import "server-only";
import { getDb, type Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import { writeAuditMany, type AuditEntry } from "../audit/write";
import { liveBus, type LiveMessage, type PublishOptions } from "../live/bus";
import { toIncidentDto } from "../incidents/dto";
import type { Incident } from "../generated/prisma/client";

/**
 * What a change may do besides writing through `tx`: audit rows (written
 * in the same transaction) and effects for after the commit (live messages
 * now; webhooks and status-site rebuilds later). Helpers that run inside a
 * change take it, so they can announce what they change too.
 */
export type Change = {
  tx: Tx;
  actor: Actor;
  /** Append audit rows by this change's actor, in its transaction. */
  audit(...entries: AuditEntry[]): Promise<void>;
  /** Tell live viewers, once the transaction has committed (never when it rolls back). */
  publish(incidentId: string, message: LiveMessage, opts?: PublishOptions): void;
  /** Tell live viewers (incident pages, incident lists, the status site) how an incident is now. */
  publishIncident(row: Incident): void;
  /** Any other work for after the commit (closing streams of revoked credentials …). */
  afterCommit(effect: () => void): void;
};

export type ChangeOptions = { timeout?: number };

/**
 * Run one change: its writes and audit rows in one transaction, then, only
 * if it committed, its queued effects in order. A change that throws (an
 * AppError, a stale version, a unique violation) leaves nothing behind and
 * tells no one. Callers that retry (a unique violation) call runChange again:
 * each attempt queues its own effects.
 */
export async function runChange<T>(actor: Actor, work: (change: Change) => Promise<T>, opts: ChangeOptions = {}): Promise<T> {
  const db = await getDb();
  const effects: (() => void)[] = [];
  const result = await db.$transaction(
    (tx) =>
      work({
        tx,
        actor,
        audit: (...entries) => writeAuditMany(tx, actor, entries),
        publish: (incidentId, message, publishOpts) => effects.push(() => liveBus().publish(incidentId, message, publishOpts)),
        publishIncident: (row) => {
          const incident = toIncidentDto(row);
          effects.push(() => liveBus().publish(row.id, { type: "incident", incident }));
        },
        afterCommit: (effect) => effects.push(effect),
      }),
    opts.timeout ? { timeout: opts.timeout } : undefined,
  );
  for (const effect of effects) {
    try {
      effect();
    } catch (err) {
      // The change is committed; a failed notification must not turn it into an error.
      console.error("[debrief] effect after commit failed:", err);
    }
  }
  return result;
}

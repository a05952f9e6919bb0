"use client";

import type { OutboxEntry } from "@/lib/timeline/outbox";
import { Button } from "@/components/ui/button";
import { useNow } from "@/components/ui/use-now";

/** How many entries wait for the server, and when the next try is. Silent while sending goes well. */
export function OutboxStatus({
  entries,
  retryAt,
  degraded,
  onRetry,
}: {
  entries: OutboxEntry[];
  retryAt: number | null;
  degraded: boolean;
  onRetry: () => void;
}) {
  const now = useNow(new Date(0).toISOString(), 1000);
  const pending = entries.filter((e) => e.status === "pending").length;
  const rejected = entries.length - pending;
  // Entries in flight for a few milliseconds are shown as "pending" on their rows;
  // the banner speaks up only once the server has failed to take one.
  const struggling = entries.some((e) => e.attempts > 0 || e.status === "rejected");
  if (!struggling && !degraded) return null;
  const wait = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : null;
  return (
    <div role="status" className="mb-2 flex flex-wrap items-center gap-3 rounded-md border-2 border-amber-500 bg-amber-50 px-3 py-2 dark:bg-amber-950">
      {pending > 0 ? (
        <span data-outbox-pending={pending}>
          {pending} {pending === 1 ? "entry is" : "entries are"} waiting for the server — kept in this browser
          {wait !== null && wait > 0 ? `, next try in ${wait} s` : ", sending…"}
        </span>
      ) : null}
      {rejected > 0 ? <span>{rejected} refused by the server: fix or discard below.</span> : null}
      {degraded ? <strong>This browser will not store unsent entries: do not reload this page until they are sent.</strong> : null}
      {pending > 0 ? (
        <Button size="sm" onClick={onRetry}>
          Retry now
        </Button>
      ) : null}
    </div>
  );
}

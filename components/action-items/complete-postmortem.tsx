"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ACTION_STATUS_LABELS } from "@/lib/action-items/labels";
import type { BlockingItemJson } from "@/lib/action-items/wire";
import { actionItemsApi, blockingOf } from "./api";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/messages";

/**
 * The last step of a postmortem. While items are open the button is off
 * and the list says which items hold it open; the server checks again,
 * since someone may reopen an item meanwhile.
 */
export function CompletePostmortem({
  incidentId,
  postmortemStatus,
  blocking: initialBlocking,
}: {
  incidentId: string;
  postmortemStatus: string;
  blocking: BlockingItemJson[];
}) {
  const router = useRouter();
  const [blocking, setBlocking] = useState(initialBlocking);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A refresh after an edit brings new props.
  const [seen, setSeen] = useState(initialBlocking);
  if (seen !== initialBlocking) {
    setSeen(initialBlocking);
    setBlocking(initialBlocking);
  }

  if (postmortemStatus === "complete") {
    return (
      <p className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" data-testid="postmortem-complete">
        Postmortem complete: every action item is done or won&apos;t do.
      </p>
    );
  }

  async function complete() {
    setBusy(true);
    const res = await actionItemsApi.completePostmortem(incidentId);
    setBusy(false);
    if (res.ok) {
      setMessage(null);
      router.refresh();
      return;
    }
    setMessage(res.message);
    const blockingNow = blockingOf(res);
    if (blockingNow) setBlocking(blockingNow);
  }

  const held = blocking.length > 0;
  return (
    <section aria-labelledby="complete-heading" className="space-y-2 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
      <h2 id="complete-heading" className="text-lg font-semibold">
        Complete the postmortem
      </h2>
      {held ? (
        <div id="complete-blocking">
          <p>
            {blocking.length} action item{blocking.length === 1 ? " holds" : "s hold"} the postmortem open. Mark each one done or won&apos;t do first:
          </p>
          <ul className="ml-5 list-disc" data-testid="blocking-items">
            {blocking.map((b) => (
              <li key={b.id}>
                {b.title} <span className="text-zinc-600 dark:text-zinc-400">({ACTION_STATUS_LABELS[b.status] ?? b.status}{b.owner ? `, ${b.owner}` : ", no owner"}{b.dueDate ? `, due ${b.dueDate}` : ""})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>Every action item is done or won&apos;t do.</p>
      )}
      <ErrorMessage error={message} />
      <Button variant="primary" size="compact" onClick={complete} disabled={busy || held} aria-describedby={held ? "complete-blocking" : undefined}>
        {busy ? "Completing…" : "Mark postmortem complete"}
      </Button>
    </section>
  );
}

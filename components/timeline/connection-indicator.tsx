import type { ConnectionState } from "./use-live-stream";

const LOOK: Record<ConnectionState, { dot: string; text: string; hint: string }> = {
  connecting: { dot: "bg-zinc-400", text: "Connecting…", hint: "Opening the live connection" },
  live: { dot: "bg-emerald-500", text: "Live", hint: "Changes by others appear as they happen" },
  reconnecting: {
    dot: "bg-amber-500 animate-pulse",
    text: "Reconnecting…",
    hint: "Lost the connection to the server; retrying every second or two. Keep typing: entries are kept in this browser and sent when it is back",
  },
  offline: {
    dot: "bg-red-600",
    text: "Offline",
    hint: "This browser has no network. Keep typing: entries are kept in this browser and sent when it is back",
  },
};

/**
 * Is this page receiving live changes, and how many of this browser's
 * entries wait to be sent? Announced politely when it changes.
 */
export function ConnectionIndicator({ state, queued = 0 }: { state: ConnectionState; queued?: number }) {
  const look = LOOK[state];
  // While live the outbox drains within moments; the count matters when it cannot.
  const waiting = state !== "live" && queued > 0;
  return (
    <span
      role="status"
      data-connection={state}
      data-queued={waiting ? queued : undefined}
      title={look.hint}
      className="inline-flex items-center gap-2 rounded-full border border-zinc-300 px-3 py-1 text-base font-medium whitespace-nowrap dark:border-zinc-600"
    >
      <span aria-hidden="true" className={`inline-block size-2.5 rounded-full ${look.dot}`} />
      {look.text}
      {waiting ? (
        <span className="font-normal">
          · {queued} {queued === 1 ? "entry" : "entries"} queued
        </span>
      ) : null}
    </span>
  );
}

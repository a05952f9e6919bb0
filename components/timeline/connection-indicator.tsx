import type { ConnectionState } from "./use-live-stream";

const LOOK: Record<ConnectionState, { dot: string; text: string; hint: string }> = {
  connecting: { dot: "bg-zinc-400", text: "Connecting…", hint: "Opening the live connection" },
  live: { dot: "bg-emerald-500", text: "Live", hint: "Changes by others appear as they happen" },
  reconnecting: { dot: "bg-amber-500 animate-pulse", text: "Reconnecting…", hint: "Lost the live connection; retrying" },
  offline: {
    dot: "bg-red-600",
    text: "Offline",
    hint: "The server cannot be reached. Keep typing: entries are kept in this browser and sent when it is back",
  },
};

/** Is this page receiving live changes? Announced politely when it changes. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const look = LOOK[state];
  return (
    <span
      role="status"
      data-connection={state}
      title={look.hint}
      className="inline-flex items-center gap-2 rounded-full border border-zinc-300 px-3 py-1 text-base font-medium dark:border-zinc-600"
    >
      <span aria-hidden="true" className={`inline-block size-2.5 rounded-full ${look.dot}`} />
      {look.text}
    </span>
  );
}

"use client";

import { memo, type ReactNode } from "react";
import type { EventJson } from "@/lib/api-client";
import { Kbd } from "@/components/ui/kbd";
import type { TimelineRow } from "./merge-events";
import { KIND_LABELS, KIND_STYLES, MILESTONE_NAMES } from "./kinds";
import { PUBLIC_ROW_CLASS, PublicBadge } from "./public-badge";
import { formatDuration, formatOffset, formatUtcClock, formatUtcDate, localTimeTitle, sameUtcDay } from "./time-format";

export type RowActions = {
  select: (id: string) => void;
  edit: (id: string) => void;
  star: (id: string) => void;
  label: (id: string) => void;
  history: (id: string) => void;
  actionItem: (id: string) => void;
  remove: (id: string) => void;
  discard: (id: string) => void;
  /** Make a public update internal, or (after asking) an internal entry public. */
  visibility: (id: string) => void;
};

function Badge({ className, children, title }: { className: string; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-block rounded px-1.5 py-0.5 text-sm font-semibold ${className}`}>
      {children}
    </span>
  );
}

function RowButton({ onClick, shortcut, label, children }: { onClick: () => void; shortcut: string; label: string; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-keyshortcuts={shortcut}
      aria-label={label}
      className="rounded px-2 py-0.5 text-sm text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-white"
    >
      {children} <Kbd>{shortcut === "Delete" ? "Del" : shortcut}</Kbd>
    </button>
  );
}

function TimeCell({ occurredAt, endedAt, startedAt, hydrated }: { occurredAt: string; endedAt: string | null; startedAt: string | null; hydrated: boolean }) {
  const showDate = startedAt === null || !sameUtcDay(occurredAt, startedAt);
  return (
    <div className="w-36 shrink-0 font-mono tabular-nums">
      <time dateTime={occurredAt} title={hydrated ? localTimeTitle(occurredAt) : undefined} className="block text-lg font-semibold">
        {showDate ? <span className="block text-sm font-normal">{formatUtcDate(occurredAt)}</span> : null}
        {formatUtcClock(occurredAt)}
      </time>
      {endedAt ? (
        <time dateTime={endedAt} title={hydrated ? localTimeTitle(endedAt) : undefined} className="block text-base">
          – {!sameUtcDay(endedAt, occurredAt) ? `${formatUtcDate(endedAt)} ` : ""}
          {formatUtcClock(endedAt)}
        </time>
      ) : null}
      {startedAt === null ? null : (
        <span className="block text-sm text-zinc-600 dark:text-zinc-400" title="Offset from impact start">
          {formatOffset(Date.parse(occurredAt) - Date.parse(startedAt))}
        </span>
      )}
    </div>
  );
}

function EventBadges({ event }: { event: EventJson }) {
  return (
    <>
      {event.visibility === "public" ? <PublicBadge /> : null}
      {event.key ? (
        <Badge className="bg-yellow-300 text-black" title="Key entry: included in the postmortem timeline">
          ★ key
        </Badge>
      ) : null}
      {event.kind !== "note" ? <Badge className={KIND_STYLES[event.kind] ?? KIND_STYLES.note!}>{KIND_LABELS[event.kind] ?? event.kind}</Badge> : null}
      {event.milestone ? (
        <Badge className="bg-emerald-700 text-white dark:bg-emerald-600">◆ {MILESTONE_NAMES[event.milestone] ?? event.milestone}</Badge>
      ) : null}
      {event.statusLabel ? (
        <Badge className="border border-zinc-400 dark:border-zinc-500" title="Status label (postmortem Status column)">
          {event.statusLabel}
        </Badge>
      ) : null}
      {event.backdated ? (
        <Badge
          className="border border-dashed border-amber-600 text-amber-800 dark:border-amber-400 dark:text-amber-300"
          title={`Recorded at ${formatUtcClock(event.recordedAt)} UTC, ${formatDuration(Date.parse(event.recordedAt) - Date.parse(event.occurredAt))} after the time it reports`}
        >
          backdated
        </Badge>
      ) : null}
    </>
  );
}

/** One timeline entry: a committed event, or an entry still in this browser's outbox. */
export const EntryRow = memo(function EntryRow({
  row,
  startedAt,
  selected,
  hydrated,
  actions,
  readOnly = false,
  registerElement,
  children,
}: {
  row: TimelineRow;
  startedAt: string | null;
  selected: boolean;
  hydrated: boolean;
  actions: RowActions;
  /** A viewer's row: only the read actions. */
  readOnly?: boolean;
  registerElement: (id: string, el: HTMLLIElement | null) => void;
  /** An inline editor in place of the text, when editing. */
  children?: ReactNode;
}) {
  const event = row.type === "event" ? row.event : null;
  const entry = row.type === "outbox" ? row.entry : null;
  const state = entry ? entry.status : "saved";
  const body = event ? event.body : (entry?.payload.body ?? "");
  const kind = event?.kind ?? entry?.payload.kind ?? "note";
  const endedAt = event ? event.endedAt : (entry?.payload.endedAt ?? null);
  const isPublic = (event ? event.visibility : entry?.payload.visibility) === "public";

  return (
    <li
      ref={(el) => registerElement(row.id, el)}
      data-entry-id={row.id}
      data-state={state}
      data-selected={selected}
      data-visibility={isPublic ? "public" : "internal"}
      aria-current={selected ? "true" : undefined}
      tabIndex={selected ? 0 : -1}
      onClick={() => actions.select(row.id)}
      onFocus={(e) => {
        if (!selected && e.currentTarget.contains(e.target)) actions.select(row.id);
      }}
      className={`group flex gap-4 border-b border-zinc-200 px-3 py-3 dark:border-zinc-800 ${
        selected ? "bg-sky-50 dark:bg-sky-950/40" : ""
      } ${state === "pending" ? "opacity-75" : ""} ${state === "rejected" ? "bg-red-50 dark:bg-red-950/40" : ""} ${isPublic ? PUBLIC_ROW_CLASS : ""}`}
    >
      <TimeCell occurredAt={row.occurredAt} endedAt={endedAt} startedAt={startedAt} hydrated={hydrated} />
      <div className="min-w-0 flex-1">
        <div className="mb-1 flex flex-wrap items-center gap-1.5 empty:hidden">
          {event ? <EventBadges event={event} /> : null}
          {entry && isPublic ? <PublicBadge /> : null}
          {entry && kind !== "note" ? <Badge className={KIND_STYLES[kind] ?? KIND_STYLES.note!}>{KIND_LABELS[kind] ?? kind}</Badge> : null}
          {entry?.payload.milestone ? (
            <Badge className="bg-emerald-700 text-white">◆ {MILESTONE_NAMES[entry.payload.milestone]}</Badge>
          ) : null}
          {state === "pending" ? (
            <Badge className="border border-zinc-400 text-zinc-700 dark:text-zinc-300" title={entry?.error ?? "Waiting for the server to confirm"}>
              <span data-pending>⏳ pending</span>
            </Badge>
          ) : null}
          {state === "rejected" ? <Badge className="bg-red-700 text-white">not saved</Badge> : null}
        </div>
        {children ?? <p className="entry-body text-lg break-words whitespace-pre-wrap">{body}</p>}
        {entry?.status === "rejected" ? (
          <p role="alert" className="mt-1 font-medium text-red-800 dark:text-red-300">
            The server refused this entry: {entry.error}. Your text is kept here — edit it or discard it.
          </p>
        ) : null}
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          {event ? (
            <span>
              {event.authorName}
              {event.version > 1 ? ` · edited${event.editorName && event.editorName !== event.authorName ? ` by ${event.editorName}` : ""}` : ""}
            </span>
          ) : null}
          {!children ? (
            <span className={`flex flex-wrap gap-1 ${selected ? "" : "opacity-70 group-hover:opacity-100 focus-within:opacity-100"}`}>
              {event && readOnly ? (
                <RowButton onClick={() => actions.history(row.id)} shortcut="h" label="Show earlier versions">
                  History
                </RowButton>
              ) : event ? (
                <>
                  <RowButton onClick={() => actions.edit(row.id)} shortcut="e" label="Edit entry">
                    Edit
                  </RowButton>
                  <RowButton onClick={() => actions.star(row.id)} shortcut="s" label={event.key ? "Unstar key entry" : "Star as key entry"}>
                    {event.key ? "Unstar" : "Star"}
                  </RowButton>
                  <RowButton onClick={() => actions.label(row.id)} shortcut="l" label="Set status label">
                    Label
                  </RowButton>
                  <RowButton onClick={() => actions.history(row.id)} shortcut="h" label="Show earlier versions">
                    History
                  </RowButton>
                  <RowButton onClick={() => actions.actionItem(row.id)} shortcut="a" label="Turn into an action item">
                    Action item
                  </RowButton>
                  <RowButton
                    onClick={() => actions.visibility(row.id)}
                    shortcut="p"
                    label={isPublic ? "Make internal (take off the status page)" : "Make public (show on the status page)"}
                  >
                    {isPublic ? "Make internal" : "Make public"}
                  </RowButton>
                  <RowButton onClick={() => actions.remove(row.id)} shortcut="Delete" label="Delete entry">
                    Delete
                  </RowButton>
                </>
              ) : null}
              {entry?.status === "rejected" ? (
                <>
                  <RowButton onClick={() => actions.edit(row.id)} shortcut="e" label="Edit and send again">
                    Edit
                  </RowButton>
                  <RowButton onClick={() => actions.discard(row.id)} shortcut="Delete" label="Discard this entry">
                    Discard
                  </RowButton>
                </>
              ) : null}
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
});

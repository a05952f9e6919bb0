"use client";

import { memo, useCallback, type ReactNode } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import { Kbd } from "@/components/ui/kbd";
import type { TimelineRow } from "./merge-events";
import { KIND_LABELS, KIND_STYLES, MILESTONE_NAMES } from "./kinds";
import { PUBLIC_ROW_CLASS, PublicBadge } from "./public-badge";
import { RowActionsMenu, type RowMenuItem } from "./row-actions-menu";
import { formatDuration, formatOffset, formatUtcClock, formatUtcDate, localTimeTitle, sameUtcDay } from "@/lib/time-format";
import { MilestoneIcon, PendingIcon, StarIcon } from "@/components/ui/icons";

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
    <span title={title} className={`inline-block rounded px-1.5 text-sm leading-6 font-semibold ${className}`}>
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
      className="rounded px-2 py-0.5 text-sm text-zinc-700 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:hover:text-white"
    >
      {children} <Kbd>{shortcut === "Delete" ? "Del" : shortcut}</Kbd>
    </button>
  );
}

function TimeCell({ occurredAt, endedAt, startedAt, hydrated }: { occurredAt: string; endedAt: string | null; startedAt: string | null; hydrated: boolean }) {
  const showDate = startedAt === null || !sameUtcDay(occurredAt, startedAt);
  // One line (time and offset from impact start, when known), the date below it only on another day than the start.
  return (
    <div className="w-24 shrink-0 font-mono leading-7 tabular-nums sm:w-40">
      <time dateTime={occurredAt} title={hydrated ? localTimeTitle(occurredAt) : undefined} className="text-base font-semibold">
        {formatUtcClock(occurredAt)}
      </time>{" "}
      {startedAt === null ? null : (
        <span className="text-xs text-zinc-600 dark:text-zinc-400" title="Offset from impact start">
          {formatOffset(Date.parse(occurredAt) - Date.parse(startedAt))}
        </span>
      )}
      {endedAt ? (
        <time dateTime={endedAt} title={hydrated ? localTimeTitle(endedAt) : undefined} className="block text-sm leading-5">
          – {!sameUtcDay(endedAt, occurredAt) ? `${formatUtcDate(endedAt)} ` : ""}
          {formatUtcClock(endedAt)}
        </time>
      ) : null}
      {showDate ? <span className="block text-xs leading-4 text-zinc-600 dark:text-zinc-400">{formatUtcDate(occurredAt)}</span> : null}
    </div>
  );
}

function EventBadges({ event }: { event: EventJson }) {
  return (
    <>
      {event.visibility === "public" ? <PublicBadge /> : null}
      {event.key ? (
        <Badge className="bg-yellow-300 text-black" title="Key entry: included in the postmortem timeline">
          <StarIcon className="mr-0.5" />
          key
        </Badge>
      ) : null}
      {event.kind !== "note" ? <Badge className={KIND_STYLES[event.kind] ?? KIND_STYLES.note!}>{KIND_LABELS[event.kind] ?? event.kind}</Badge> : null}
      {event.milestone ? (
        <Badge className="bg-emerald-700 text-white dark:bg-emerald-600">
          <MilestoneIcon size={12} className="mr-1" />
          {MILESTONE_NAMES[event.milestone] ?? event.milestone}
        </Badge>
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

/** Who said it, when the entry came from a pasted chat log ("via alice"). */
function Via({ name, author }: { name: string | null | undefined; author: string | null }) {
  if (!name) return null;
  return (
    <span data-attribution title={author ? `Said by ${name}; posted here by ${author}` : `Said by ${name}`}>
      {author ? " · " : ""}via {name}
    </span>
  );
}

/** Who wrote it (who said it, who edited it), at the end of the text's line. */
function Attribution({ event }: { event: EventJson }) {
  return (
    <span className="ml-auto shrink-0 text-sm text-zinc-600 dark:text-zinc-400">
      {event.authorName}
      <Via name={event.attribution} author={event.authorName} />
      {/* Only a change to what the entry says is an edit; a star or a label is not. */}
      {event.editedAt ? ` · edited${event.editedByName && event.editedByName !== event.authorName ? ` by ${event.editedByName}` : ""}` : ""}
    </span>
  );
}

function menuItems(row: TimelineRow, actions: RowActions, readOnly: boolean): RowMenuItem[] {
  const id = row.id;
  if (row.type === "outbox") return [];
  const event = row.event;
  const history: RowMenuItem = { key: "history", label: "Show earlier versions", shortcut: "h", run: () => actions.history(id) };
  if (readOnly) return [history];
  const isPublic = event.visibility === "public";
  return [
    { key: "edit", label: "Edit entry", shortcut: "e", run: () => actions.edit(id) },
    { key: "star", label: event.key ? "Unstar key entry" : "Star as key entry", shortcut: "s", run: () => actions.star(id) },
    { key: "label", label: "Set status label", shortcut: "l", run: () => actions.label(id) },
    history,
    { key: "action-item", label: "Turn into an action item", shortcut: "a", run: () => actions.actionItem(id) },
    {
      key: "visibility",
      label: isPublic ? "Make internal (take off the status page)" : "Make public (show on the status page)",
      shortcut: "p",
      run: () => actions.visibility(id),
    },
    { key: "delete", label: "Delete entry", shortcut: "Delete", run: () => actions.remove(id), danger: true },
  ];
}

/**
 * One timeline entry: a committed event, or an entry still in this
 * browser's outbox. Dense (a one-line entry is about 40 px: fifteen on a
 * laptop screen): time, badges, text and author share one line, and every
 * action is in one menu that shows on hover, focus and selection (and on the
 * keyboard: e, s, l, h, a, p, Delete on the selected entry). Positioned by
 * the virtualized list (`top`) and measured by it (`measure`).
 */
export const EntryRow = memo(function EntryRow({
  row,
  index,
  top,
  measure,
  startedAt,
  selected,
  hydrated,
  actions,
  readOnly = false,
  registerElement,
  children,
}: {
  row: TimelineRow;
  /** Its position in the list (the virtualizer's data-index). */
  index: number;
  /** Offset from the top of the list, in px. */
  top: number;
  measure: (el: HTMLLIElement | null) => void;
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
  const { id } = row;
  const ref = useCallback(
    (el: HTMLLIElement | null) => {
      registerElement(id, el);
      measure(el);
    },
    [id, registerElement, measure],
  );

  const badges = (
    <>
      {event ? <EventBadges event={event} /> : null}
      {entry && isPublic ? <PublicBadge /> : null}
      {entry && kind !== "note" ? <Badge className={KIND_STYLES[kind] ?? KIND_STYLES.note!}>{KIND_LABELS[kind] ?? kind}</Badge> : null}
      {entry?.payload.milestone ? (
        <Badge className="bg-emerald-700 text-white">
          <MilestoneIcon size={12} className="mr-1" />
          {MILESTONE_NAMES[entry.payload.milestone]}
        </Badge>
      ) : null}
      {state === "pending" ? (
        <Badge className="border border-zinc-400 text-zinc-700 dark:text-zinc-300" title={entry?.error ?? "Waiting for the server to confirm"}>
          <span data-pending>
            <PendingIcon className="mr-1" />
            pending
          </span>
        </Badge>
      ) : null}
      {state === "rejected" ? <Badge className="bg-red-700 text-white">not saved</Badge> : null}
    </>
  );
  const items = children ? [] : menuItems(row, actions, readOnly);

  return (
    <li
      ref={ref}
      id={`entry-${row.id}`}
      data-index={index}
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
      style={{ transform: `translateY(${top}px)` }}
      className={`group absolute inset-x-0 top-0 flex gap-2 border-b border-zinc-200 px-2 py-1.5 sm:gap-3 sm:px-3 dark:border-zinc-800 ${
        selected ? "bg-sky-50 dark:bg-sky-950/40" : "hover:bg-zinc-50 dark:hover:bg-zinc-900/60"
      } ${state === "pending" ? "opacity-75" : ""} ${state === "rejected" ? "bg-red-50 dark:bg-red-950/40" : ""} ${isPublic ? PUBLIC_ROW_CLASS : ""}`}
    >
      <TimeCell occurredAt={row.occurredAt} endedAt={endedAt} startedAt={startedAt} hydrated={hydrated} />
      <div className="min-w-0 flex-1">
        {children ? (
          <>
            <div className="mb-1 flex flex-wrap items-center gap-1.5 empty:hidden">{badges}</div>
            {children}
          </>
        ) : (
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="flex max-w-full shrink-0 flex-wrap items-baseline gap-1.5 empty:hidden">{badges}</span>
            <p className="entry-body min-w-0 flex-1 basis-72 text-lg leading-7 break-words whitespace-pre-wrap">{body}</p>
            {event ? <Attribution event={event} /> : null}
            {entry?.payload.attribution ? (
              <span className="ml-auto shrink-0 text-sm text-zinc-600 dark:text-zinc-400">
                <Via name={entry.payload.attribution} author={null} />
              </span>
            ) : null}
          </div>
        )}
        {entry?.status === "rejected" ? (
          <p role="alert" className="mt-1 font-medium text-red-800 dark:text-red-300">
            The server refused this entry: {entry.error}. Your text is kept here — edit it or discard it.
          </p>
        ) : null}
        {children && event ? <Attribution event={event} /> : null}
        {entry?.status === "rejected" && !children ? (
          <div className="flex flex-wrap gap-1">
            <RowButton onClick={() => actions.edit(row.id)} shortcut="e" label="Edit and send again">
              Edit
            </RowButton>
            <RowButton onClick={() => actions.discard(row.id)} shortcut="Delete" label="Discard this entry">
              Discard
            </RowButton>
          </div>
        ) : null}
      </div>
      {items.length ? (
        <div className="shrink-0 self-start">
          <RowActionsMenu
            label={`Actions for the entry at ${formatUtcClock(row.occurredAt)}`}
            items={items}
            visible={selected}
            tabbable={selected}
          />
        </div>
      ) : null}
    </li>
  );
});

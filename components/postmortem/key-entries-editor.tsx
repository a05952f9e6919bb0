"use client";

import { LIMITS } from "@/lib/validation";
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchWholeTimeline, timelineApi } from "@/components/timeline/api";
import { conflictCurrent } from "@/lib/api-client";
import { zEventJson, type EventJson } from "@/lib/timeline/wire";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { Button } from "@/components/ui/button";
import { MILESTONE_LABELS, MILESTONES } from "@/lib/timeline/schemas";
import { PUBLIC_ROW_CLASS, PublicBadge } from "@/components/timeline/public-badge";
import { StarIcon } from "@/components/ui/icons";
import { fieldClass } from "@/components/ui/input";
import { formatUtcDate, formatUtcHourMinute, formatUtcMinute } from "@/lib/time-format";

const input = `${fieldClass({ density: "compact" })} w-full`;

export function isKeyEntry(e: EventJson): boolean {
  return !e.deletedAt && (e.key || e.milestone !== null);
}

function milestoneLabel(m: string | null): string {
  const known = MILESTONES.find((x) => x === m);
  return known ? MILESTONE_LABELS[known] : "";
}

/** "2026-03-03 09:44": 24-hour UTC, like every other time on this page (a datetime-local field shows the browser's 12-hour local format). */
function utcInput(iso: string | null): string {
  return iso ? formatUtcMinute(iso) : "";
}

/** The typed end as an instant; undefined when it cannot be read, null when cleared. */
function fromUtcInput(value: string): string | null | undefined {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$/.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${(m[2] ?? "").padStart(2, "0")}:${m[3]}:00.000Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function sortEvents(list: EventJson[]): EventJson[] {
  return [...list].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id));
}

/** `incoming` taken into `list`, keeping the higher version of each entry. */
function mergeByVersion(list: EventJson[], incoming: EventJson[]): EventJson[] {
  const byId = new Map(list.map((e) => [e.id, e]));
  for (const e of incoming) {
    const current = byId.get(e.id);
    if (!current || current.version <= e.version) byId.set(e.id, e);
  }
  return sortEvents([...byId.values()]);
}

/**
 * The incident's entries the postmortem shows, kept current from the live
 * stream: the page sends the key entries only; `loadAll` reads every entry
 * (in pages) when the user asks to see them all.
 */
export function useLiveEvents(initial: EventJson[]) {
  const { incident, subscribeEvents, subscribeReset } = useIncidentLive();
  const [events, setEvents] = useState(() => sortEvents(initial));
  const [all, setAll] = useState<"no" | "loading" | "yes" | "failed">("no");
  const loadAll = useCallback(async () => {
    setAll("loading");
    const every = await fetchWholeTimeline(incident.id);
    if (!every) return setAll("failed");
    setEvents((list) => mergeByVersion(list, every));
    setAll("yes");
  }, [incident.id]);
  // Too much was missed while away for the stream to replay: read them all again.
  useEffect(() => subscribeReset(() => void loadAll()), [loadAll, subscribeReset]);
  useEffect(
    () =>
      subscribeEvents(({ event }) =>
        setEvents((list) => {
          const current = list.find((e) => e.id === event.id);
          if (current && current.version > event.version) return list;
          return sortEvents([...list.filter((e) => e.id !== event.id), event]);
        }),
      ),
    [subscribeEvents],
  );
  const replace = (event: EventJson) => setEvents((list) => sortEvents([...list.filter((e) => e.id !== event.id), event]));
  return { events: events.filter((e) => !e.deletedAt), replace, loadAll, allLoaded: all };
}

function EntryRow({ incidentId, event, onSaved }: { incidentId: string; event: EventJson; onSaved: (e: EventJson) => void }) {
  const [label, setLabel] = useState(event.statusLabel ?? "");
  const [body, setBody] = useState(event.body);
  const [endedAt, setEndedAt] = useState(utcInput(event.endedAt));
  const [note, setNote] = useState<string | null>(null);
  // A field being typed in is not reset by an answer to another field's save arriving meanwhile.
  const typing = useRef<"label" | "body" | "end" | null>(null);
  useEffect(() => {
    if (typing.current !== "label") setLabel(event.statusLabel ?? "");
    if (typing.current !== "body") setBody(event.body);
    if (typing.current !== "end") setEndedAt(utcInput(event.endedAt));
  }, [event.version, event.statusLabel, event.body, event.endedAt]);

  // Edits of one row go one after another, each with the version the previous one produced.
  const version = useRef(event.version);
  const queue = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    version.current = Math.max(version.current, event.version);
  }, [event.version]);

  async function send(patch: { statusLabel?: string | null; body?: string; endedAt?: string | null; key?: boolean }) {
    const answer = await timelineApi.updateEvent(incidentId, event.id, { version: version.current, ...patch });
    if (answer.ok) {
      version.current = answer.data.version;
      setNote(null);
      onSaved(answer.data);
      return;
    }
    const current = answer.status === 409 ? conflictCurrent(answer, zEventJson) : null;
    if (current) {
      version.current = current.version;
      onSaved(current);
      setNote("Someone else changed this entry; showing their version. Make your edit again.");
    } else setNote(answer.message);
  }

  function save(patch: Parameters<typeof send>[0]) {
    queue.current = queue.current.then(() => send(patch));
    return queue.current;
  }

  const time = formatUtcHourMinute(event.occurredAt);
  const date = formatUtcDate(event.occurredAt);
  const starred = event.key;
  return (
    <li
      className={`grid gap-2 rounded-md border p-2 sm:grid-cols-[auto_7rem_12rem_1fr] ${isKeyEntry(event) ? "border-sky-300 dark:border-sky-800" : "border-zinc-200 dark:border-zinc-800"} ${event.visibility === "public" ? PUBLIC_ROW_CLASS : ""}`}
      data-testid="pm-entry"
      data-visibility={event.visibility === "public" ? "public" : "internal"}
    >
      <Button
        size="sm"
        variant="ghost"
        aria-pressed={starred}
        aria-label={`${starred ? "Unstar" : "Star"} entry at ${time}`}
        title={event.milestone ? "Milestones are always in the postmortem" : undefined}
        onClick={() => void save({ key: !starred })}
      >
        <StarIcon filled={starred} size={18} className={starred ? "text-amber-500" : "text-zinc-400"} />
      </Button>
      <div className="text-sm">
        <time dateTime={event.occurredAt} className="font-mono">
          {time}
        </time>
        <div className="text-xs text-zinc-500">{date}</div>
        {event.visibility === "public" ? <PublicBadge className="mt-1" /> : null}
      </div>
      <div className="space-y-1">
        <input
          aria-label={`Status at ${time}`}
          value={label}
          maxLength={LIMITS.statusLabelMax}
          placeholder={milestoneLabel(event.milestone) || "Status"}
          onFocus={() => (typing.current = "label")}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() => {
            typing.current = null;
            if (label !== (event.statusLabel ?? "")) void save({ statusLabel: label || null });
          }}
          className={input}
        />
        <label className="block text-xs text-zinc-600 dark:text-zinc-400">
          Ends (UTC)
          <input
            type="text"
            inputMode="numeric"
            aria-label={`End of entry at ${time} (UTC)`}
            placeholder="2026-03-03 09:44"
            pattern="\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}"
            title="Date and 24-hour time in UTC, e.g. 2026-03-03 09:44"
            value={endedAt}
            onFocus={() => (typing.current = "end")}
            onChange={(e) => setEndedAt(e.target.value)}
            onBlur={() => {
              typing.current = null;
              const end = fromUtcInput(endedAt);
              if (end === undefined) setNote("Write the end as a date and 24-hour UTC time, e.g. 2026-03-03 09:44");
              else if (end !== event.endedAt) void save({ endedAt: end });
            }}
            className={`${input} font-mono`}
          />
        </label>
      </div>
      <div>
        <textarea
          aria-label={`Description at ${time}`}
          value={body}
          rows={2}
          onFocus={() => (typing.current = "body")}
          onChange={(e) => setBody(e.target.value)}
          onBlur={() => {
            typing.current = null;
            if (body.trim() && body !== event.body) void save({ body });
          }}
          className={input}
        />
        {note ? (
          <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
            {note}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The postmortem's timeline: the key entries (starred and milestones),
 * editable in place. "Show all entries" lists the rest to star.
 */
export function KeyEntriesEditor({
  incidentId,
  events,
  onSaved,
  allLoaded,
  onShowAll,
}: {
  incidentId: string;
  events: EventJson[];
  onSaved: (e: EventJson) => void;
  /** Whether every entry (not only the key ones) has been read from the server. */
  allLoaded: "no" | "loading" | "yes" | "failed";
  onShowAll: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? events : events.filter(isKeyEntry);
  return (
    <section aria-labelledby="pm-timeline" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="pm-timeline" className="text-lg font-semibold">
          Timeline (key entries)
        </h3>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => {
              setShowAll(e.target.checked);
              if (e.target.checked && allLoaded !== "yes") onShowAll();
            }}
          />
          Show all entries to star more
        </label>
      </div>
      {showAll && allLoaded === "loading" ? <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">Loading all entries…</p> : null}
      {showAll && allLoaded === "failed" ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          Could not load all entries.{" "}
          <button type="button" className="underline" onClick={onShowAll}>
            Try again
          </button>
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No key entries yet. Star entries on the timeline, or show all entries here.</p>
      ) : (
        <ol className="space-y-2">
          {shown.map((e) => (
            <EntryRow key={e.id} incidentId={incidentId} event={e} onSaved={onSaved} />
          ))}
        </ol>
      )}
    </section>
  );
}

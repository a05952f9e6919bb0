"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { EventJson, EventsPageJson } from "@/lib/timeline/wire";
import type { Milestone } from "@/lib/timeline/schemas";
import type { OutboxPayload } from "@/lib/timeline/outbox";
import { defaultsFromTimelineEntry } from "@/lib/action-items/defaults";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { useIncidentActionItemCounts } from "@/components/incidents/action-item-counts-live";
import { NewActionItemDialog } from "@/components/action-items/new-action-item-dialog";
import { useToast } from "@/components/ui/toast";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { useHydrated } from "@/components/ui/use-now";
import { EntryComposer } from "./entry-composer";
import { EntryEditor } from "./entry-editor";
import { EntryRow } from "./entry-row";
import { HistoryDialog } from "./history-dialog";
import { LabelEditor } from "./label-editor";
import { OutboxStatus } from "./outbox-status";
import { TimelineOverview } from "./timeline-overview";
import { latestUpdatedAt, mergeEvent, timelineRows, type TimelineRow } from "./merge-events";
import { formatUtcClock, formatUtcDateTime } from "@/lib/time-format";
import { useEntryActions } from "./use-entry-actions";
import { useOutbox } from "./use-outbox";
import { useTimelineKeys } from "./use-timeline-keys";
import { useTimelineWindow } from "./use-timeline-window";
import { beyondSpan, compareKeys, inScope, inSpan, keyOf, shownEvents, type RowKey } from "./timeline-window";
import { TimelineList, type TimelineListHandle } from "./timeline-list";
import { TimelineToolbar } from "./timeline-toolbar";
import { PublishDialog } from "./publish-dialog";
import { initialTimelineState, rowFormOf, timelineReducer } from "./timeline-mode";
import { shortText, useRowActions } from "./use-row-actions";
import { useRowReveal } from "./use-row-reveal";
import { useStatusOffer } from "./use-status-offer";
import { NewEntriesPill } from "./new-entries-pill";
import { entryIdFromHash, onEntryFocusRequest, takePendingEntryFocus } from "./entry-focus";

/** The overview's entries: starred ones and milestones, kept by version like the list. */
function isOverviewEntry(e: EventJson): boolean {
  return !e.deletedAt && (e.key || e.milestone !== null);
}

/** Where a queued entry sits in timeline order (it has no recordedAt yet: when it was queued). */
function queuedKey(payload: { id: string; occurredAt: string }, queuedAt: string): RowKey {
  return keyOf({ id: payload.id, occurredAt: payload.occurredAt, recordedAt: queuedAt });
}

/**
 * The live timeline of one incident: a window of its entries (the newest
 * ones at first; older ones load as the list scrolls up, any time or
 * milestone can be jumped to), merged from page loads, POST answers and the
 * live stream, plus this browser's unsent entries, with every action on the
 * keyboard. `readOnly` (viewers): no entry box and no write actions, which
 * the server would only refuse.
 */
export function Timeline({
  incidentId,
  initialPage,
  initialKeyEvents,
  readOnly = false,
}: {
  incidentId: string;
  initialPage: EventsPageJson;
  /** The newest starred entries, for the overview (the window may not hold them). */
  initialKeyEvents: EventJson[];
  readOnly?: boolean;
}) {
  const live = useIncidentLive();
  const actionItemCounts = useIncidentActionItemCounts();
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const timeline = useTimelineWindow(incidentId, initialPage);
  const { window: win } = timeline;
  const events = win.events;
  const publicOnly = win.scope === "public";
  const [keyEvents, setKeyEvents] = useState<ReadonlyMap<string, EventJson>>(() => new Map(initialKeyEvents.map((e) => [e.id, e])));
  const [state, dispatch] = useReducer(timelineReducer, initialTimelineState);
  const { selectedId, mode } = state;
  const [announcement, setAnnouncement] = useState("");
  /** Entries added after the last one shown while the list is scrolled up (or away from the live end). */
  const [newCount, setNewCount] = useState(0);
  const [atEnd, setAtEnd] = useState(true);
  /** The height the sticky entry box covers at the bottom of the screen. */
  const [composerHeight, setComposerHeight] = useState(0);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const jumpRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<TimelineListHandle>(null);
  const postedHere = useRef(new Set<string>());
  const statusOffer = useStatusOffer(() => composerRef.current?.focus());

  const { take } = timeline;
  const merge = useCallback(
    (event: EventJson) => {
      take(event);
      setKeyEvents((map) => (map.has(event.id) || isOverviewEntry(event) ? mergeEvent(map, event) : map));
    },
    [take],
  );
  const entryActions = useEntryActions(incidentId, merge);
  const { noteSeen, subscribeEvents, subscribeReconnect, subscribeReset, reportQueued, reconnectNow } = live;
  const outbox = useOutbox(incidentId, (_id, event) => {
    if (event) merge(event);
    // The server took an entry: it is reachable, so the live stream need not wait out its backoff.
    reconnectNow();
  });
  const queuedCount = outbox.entries.filter((e) => e.status === "pending").length;
  useEffect(() => reportQueued(queuedCount), [queuedCount, reportQueued]);

  const rows = useMemo(
    () => timelineRows(events, outbox.entries, shownEvents(win), (entry) => inScope(win.scope, entry.payload)),
    [events, outbox.entries, win],
  );
  const select = useCallback((id: string | null) => dispatch({ type: "select", id }), []);
  const { focusRow, requestReveal, registerElement, selectedRef } = useRowReveal({ rows, listRef, selectedId, select });
  const rowsRef = useRef<TimelineRow[]>(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  const winRef = useRef(win);
  useEffect(() => {
    winRef.current = win;
  }, [win]);
  const atEndRef = useRef(atEnd);
  useEffect(() => {
    atEndRef.current = atEnd;
  }, [atEnd]);

  useEffect(() => {
    const loaded = initialPage.events;
    if (loaded.length) noteSeen(latestUpdatedAt(loaded, loaded[0]?.updatedAt ?? ""));
    // Only the page load's events: later ones are noted by the stream itself.
  }, [initialPage, noteSeen]);

  useEffect(
    () =>
      subscribeEvents(({ action, event }) => {
        if (event.incidentId !== incidentId) return;
        merge(event);
        if (action !== "created" || postedHere.current.has(event.id)) return;
        setAnnouncement(`New entry at ${formatUtcClock(event.occurredAt)} UTC by ${event.authorName}: ${shortText(event.body)}`);
        // Counted for the "N new" pill when it lands after what is on screen: past the loaded span, or below while scrolled up.
        const w = winRef.current;
        if (!inScope(w.scope, event)) return;
        const key = keyOf(event);
        const last = rowsRef.current.at(-1);
        if (beyondSpan(w, key) || (!atEndRef.current && (!last || compareKeys(key, keyOf(last)) > 0))) setNewCount((n) => n + 1);
      }),
    [incidentId, merge, subscribeEvents],
  );
  // The server is reachable again: send what waits instead of sitting out the backoff.
  useEffect(() => subscribeReconnect(outbox.kick), [subscribeReconnect, outbox.kick]);

  // The sticky entry box covers the bottom of the screen: rows are revealed above it.
  useEffect(() => {
    const box = document.querySelector<HTMLElement>("[data-composer-visibility]");
    if (!box) return;
    const measure = () => setComposerHeight(Math.ceil(box.getBoundingClientRect().height));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [readOnly]);

  // An edit or label form opens in view, above the entry box (again once it has its height).
  const rowForm = rowFormOf(mode);
  const formId = rowForm?.id ?? null;
  useEffect(() => {
    if (!formId) return;
    listRef.current?.reveal(formId);
    const frame = requestAnimationFrame(() => requestAnimationFrame(() => listRef.current?.reveal(formId)));
    return () => cancelAnimationFrame(frame);
  }, [formId]);

  /** Select an entry, loading the entries around it when it is not loaded (a link to it, a search result). */
  const focusEntry = useCallback(
    async (id: string) => {
      if (rowsRef.current.some((r) => r.id === id)) return focusRow(id);
      if (await timeline.jumpToEntry(id)) requestReveal({ kind: "entry", id, select: true });
      else toast.show({ tone: "error", message: "That entry could not be shown: it is not in this incident, or it was deleted." });
    },
    [focusRow, timeline, toast, requestReveal],
  );

  // Opening an incident means writing to it: start in the entry box —
  // unless the link was to one entry (a search result), which is then selected.
  const focusEntryRef = useRef(focusEntry);
  useEffect(() => {
    focusEntryRef.current = focusEntry;
  });
  useEffect(() => {
    const asked = takePendingEntryFocus() ?? entryIdFromHash(window.location.hash);
    if (asked) void focusEntryRef.current(asked);
    else composerRef.current?.focus();
  }, []);
  useEffect(
    () =>
      onEntryFocusRequest((id) => {
        void focusEntryRef.current(id);
        return true;
      }),
    [],
  );

  const jumpToTime = useCallback(
    async (at: Date, milestone: Milestone | null = null) => {
      const w = winRef.current;
      const loaded = rowsRef.current;
      const first = loaded[0];
      const last = loaded.at(-1);
      // Inside what is loaded: just scroll there.
      const covered =
        first && last && (!w.lower || at.getTime() >= Date.parse(first.occurredAt)) && (!w.upper || at.getTime() <= Date.parse(last.occurredAt));
      if (!covered && !(await timeline.jumpTo(at))) {
        toast.show({ tone: "error", message: `Could not load the entries around ${formatUtcDateTime(at.toISOString())} UTC.` });
        return;
      }
      setNewCount(0);
      requestReveal({ kind: "time", at: at.getTime(), milestone });
    },
    [timeline, toast, requestReveal],
  );

  const toNewest = useCallback(async () => {
    if (winRef.current.upper && !(await timeline.jumpToNewest())) return;
    setNewCount(0);
    const last = rowsRef.current.at(-1);
    if (last) requestReveal({ kind: "entry", id: last.id, select: false });
    listRef.current?.scrollToEnd();
  }, [timeline, requestReveal]);

  // The entry box grows and shrinks (a template, the status offer, a long line):
  // a list that follows the newest entries keeps them above it — unless an entry
  // is selected (a search result just opened): that one is kept in view.
  useEffect(() => {
    if (atEndRef.current && !winRef.current.upper && !selectedRef.current) listRef.current?.scrollToEnd();
  }, [composerHeight]);

  // Back at the live end and the bottom: nothing new is unseen.
  useEffect(() => {
    if (atEnd && !win.upper) setNewCount(0);
  }, [atEnd, win.upper]);

  // The catch-up after a reconnect was refused (too much was missed): load what is shown again.
  useEffect(
    () =>
      subscribeReset(() => {
        const w = winRef.current;
        const anchor = w.upper ? (rowsRef.current.find((r) => r.id === selectedId) ?? rowsRef.current[0]) : null;
        const follow = !anchor && atEndRef.current;
        void timeline.reload(anchor ? new Date(anchor.occurredAt) : null).then((ok) => {
          if (ok && follow) requestReveal({ kind: "end" });
        });
      }),
    [subscribeReset, timeline, selectedId, requestReveal],
  );

  /** Post from the entry box: what was just posted is brought on screen, wherever it lands. */
  const post = (payloads: OutboxPayload[]) => {
    for (const p of payloads) postedHere.current.add(p.id);
    outbox.post(payloads);
    statusOffer.afterPost(payloads.findLast((p) => p.milestone)?.milestone);
    const latest = payloads.reduce<OutboxPayload | null>((a, p) => (!a || Date.parse(p.occurredAt) >= Date.parse(a.occurredAt) ? p : a), null);
    if (!latest) return;
    const w = winRef.current;
    const key = queuedKey(latest, new Date().toISOString());
    if (publicOnly && latest.visibility !== "public") void timeline.setScope("all");
    if (inSpan(w, key)) {
      requestReveal({ kind: "entry", id: latest.id, select: false });
    } else if (w.upper && compareKeys(key, w.upper) > 0) {
      // Newer than the loaded span (after a jump): back to the live end.
      void timeline.jumpToNewest().then(() => requestReveal({ kind: "entry", id: latest.id, select: false }));
    } else {
      // Backdated before the loaded span: load the entries around it.
      void timeline.jumpTo(new Date(latest.occurredAt)).then(() => requestReveal({ kind: "entry", id: latest.id, select: false }));
    }
    setNewCount(0);
  };

  const { rowActions, undo, confirmPublish, saveEdit, saveLabel } = useRowActions({ state, dispatch, rowsRef, entryActions, outbox, focusRow, readOnly });

  useTimelineKeys({
    rows,
    selectedId,
    focusRow,
    focusComposer: () => composerRef.current?.focus(),
    undo,
    togglePublicOnly: () => void timeline.setScope(publicOnly ? "all" : "public"),
    focusJump: () => jumpRef.current?.focus(),
    reachedEdge: (side) => void (side === "older" ? timeline.loadOlder() : timeline.loadNewer()),
    actions: rowActions,
  });

  const closeDialog = () => dispatch({ type: "closeDialog" });
  // Back on the entry, so the next key acts on it.
  const closeForm = (id: string) => {
    dispatch({ type: "closeForm", id });
    focusRow(id);
  };

  const actionItemCreated = (title: string) => {
    actionItemCounts.refresh();
    toast.show({
      tone: "success",
      message: `Action item created: “${shortText(title)}”`,
      action: { label: "Open action items", onAction: () => router.push(`/incidents/${live.incident.number}/action-items`) },
    });
  };

  const startedAt = live.incident.startedAt;
  const historyEvent = mode.kind === "history" ? (events.get(mode.id) ?? null) : null;
  const keepIds = useMemo(() => [selectedId, formId].filter((id): id is string => Boolean(id)), [selectedId, formId]);
  // The overview draws the starred entries and milestones the server sent plus those loaded since.
  const overviewEvents = useMemo(() => {
    let map = keyEvents;
    for (const e of events.values()) if (isOverviewEntry(e) || map.has(e.id)) map = mergeEvent(map, e);
    return map;
  }, [keyEvents, events]);

  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="sr-only">
        Timeline
      </h2>
      <TimelineOverview incident={live.incident} events={overviewEvents} renderedAt={live.renderedAt} />
      <OutboxStatus entries={outbox.entries} retryAt={outbox.retryAt} degraded={outbox.degraded} onRetry={outbox.kick} />
      <TimelineToolbar
        incident={live.incident}
        publicOnly={publicOnly}
        loadedCount={rows.length}
        busy={timeline.loading.replacing}
        awayFromNewest={win.upper !== null}
        jumpRef={jumpRef}
        onTogglePublicOnly={() => void timeline.setScope(publicOnly ? "all" : "public")}
        onJump={(at, milestone) => void jumpToTime(at, milestone)}
        onNewest={() => void toNewest()}
      />
      {rows.length === 0 && !win.lower && !win.upper ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-lg text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {publicOnly
            ? "No public updates yet. Press Alt+P in the entry box, or pick a template, to write one."
            : readOnly
              ? "No entries yet."
              : "No entries yet. Type what is happening below and press Enter."}
        </p>
      ) : (
        <TimelineList
          ref={listRef}
          key={win.scope}
          rows={rows}
          ariaLabel={publicOnly ? "Public updates, oldest first" : "Timeline entries, oldest first"}
          keepIds={keepIds}
          bottomInset={composerHeight}
          hasOlder={win.lower !== null}
          hasNewer={win.upper !== null}
          loadingOlder={timeline.loading.older}
          loadingNewer={timeline.loading.newer}
          error={timeline.error}
          onLoadOlder={() => void timeline.loadOlder()}
          onLoadNewer={() => void timeline.loadNewer()}
          onAtEndChange={setAtEnd}
        >
          {({ row, index, top, measure }) => {
            const form = rowForm?.id === row.id ? rowForm : null;
            return (
              <EntryRow
                key={row.id}
                row={row}
                index={index}
                top={top}
                measure={measure}
                startedAt={startedAt}
                selected={selectedId === row.id}
                hydrated={hydrated}
                actions={rowActions}
                readOnly={readOnly}
                registerElement={registerElement}
              >
                {form?.kind === "editing" ? (
                  <EntryEditor
                    initial={form.initial}
                    conflict={form.conflict}
                    error={form.error}
                    busy={form.busy}
                    onSave={(draft) => void saveEdit(draft)}
                    onCancel={() => closeForm(row.id)}
                    onKeepTheirs={() => closeForm(row.id)}
                  />
                ) : form?.kind === "labeling" && row.type === "event" ? (
                  <>
                    <p className="entry-body text-lg break-words whitespace-pre-wrap">{row.event.body}</p>
                    <LabelEditor
                      initial={row.event.statusLabel ?? ""}
                      error={form.error}
                      onSave={(value) => void saveLabel(row.id, value)}
                      onCancel={() => dispatch({ type: "closeForm", id: row.id })}
                    />
                  </>
                ) : undefined}
              </EntryRow>
            );
          }}
        </TimelineList>
      )}
      <NewEntriesPill count={newCount} visible={newCount > 0 && (!atEnd || win.upper !== null)} bottom={composerHeight + 12} onClick={() => void toNewest()} />
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
      {readOnly ? (
        <ReadOnlyNote />
      ) : (
        <EntryComposer
          inputRef={composerRef}
          services={live.incident.services}
          onPost={post}
          offer={statusOffer.offer}
          onLeave={() => {
            const last = rowsRef.current.at(-1);
            if (last) focusRow(last.id);
            else composerRef.current?.blur();
          }}
        />
      )}
      <HistoryDialog incidentId={incidentId} event={historyEvent} onClose={closeDialog} />
      <PublishDialog event={mode.kind === "publishing" ? mode.event : null} onConfirm={(e) => void confirmPublish(e)} onClose={closeDialog} />
      <NewActionItemDialog
        incidentId={incidentId}
        open={mode.kind === "actionItem"}
        defaults={mode.kind === "actionItem" ? defaultsFromTimelineEntry(mode.source) : undefined}
        onClose={closeDialog}
        onCreated={(item) => actionItemCreated(item.title)}
      />
    </section>
  );
}

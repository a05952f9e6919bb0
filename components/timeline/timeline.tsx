"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { EventJson, EventsPageJson } from "@/lib/timeline/wire";
import type { Milestone } from "@/lib/timeline/schemas";
import { ZCreateTimelineEvent } from "@/lib/timeline/schemas";
import { ENTRY_KINDS, parseTimeText } from "@/lib/timeline/parse-entry";
import type { OutboxPayload } from "@/lib/timeline/outbox";
import { defaultsFromTimelineEntry } from "@/lib/action-items/defaults";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { useIncidentActionItemCounts } from "@/components/incidents/action-item-counts-live";
import { NewActionItemDialog } from "@/components/action-items/new-action-item-dialog";
import { useToast } from "@/components/ui/toast";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { useHydrated } from "@/components/ui/use-now";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { EntryComposer } from "./entry-composer";
import { EntryEditor, type EditDraft } from "./entry-editor";
import { EntryRow, type RowActions } from "./entry-row";
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
import { JumpBar } from "./jump-bar";
import { NewEntriesPill } from "./new-entries-pill";
import { statusToOffer } from "./milestone-offer";
import { useIncidentChange } from "@/components/incidents/use-incident-change";
import { statusLabel } from "@/lib/incidents/labels";
import type { IncidentStatus } from "@/lib/incidents/schemas";
import { CheckboxIcon } from "@/components/ui/icons";
import { entryIdFromHash, onEntryFocusRequest, takePendingEntryFocus } from "./entry-focus";

type Editing = { id: string; baseVersion: number; initial: EditDraft; error: string | null; conflict: EventJson | null; busy: boolean };

function draftOf(
  occurredAt: string,
  endedAt: string | null | undefined,
  kind: string,
  body: string,
  visibility: string | undefined,
  attribution: string | null | undefined,
): EditDraft {
  return {
    time: `${formatUtcDateTime(occurredAt)}${endedAt ? `-${formatUtcClock(endedAt)}` : ""}`,
    kind,
    body,
    visibility: visibility === "public" ? "public" : "internal",
    attribution: attribution ?? "",
  };
}

function shortText(body: string): string {
  return body.length > 60 ? `${body.slice(0, 57)}…` : body;
}

/** The overview's entries: starred ones and milestones, kept by version like the list. */
function isOverviewEntry(e: EventJson): boolean {
  return !e.deletedAt && (e.key || e.milestone !== null);
}

/** Where a queued entry sits in timeline order (it has no recordedAt yet: when it was queued). */
function queuedKey(payload: { id: string; occurredAt: string }, queuedAt: string): RowKey {
  return keyOf({ id: payload.id, occurredAt: payload.occurredAt, recordedAt: queuedAt });
}

/** What to bring on screen once the rows that hold it are rendered. */
type Reveal = { kind: "entry"; id: string; select: boolean } | { kind: "time"; at: number; milestone: Milestone | null } | { kind: "end" };

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
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [labeling, setLabeling] = useState<{ id: string; error: string | null } | null>(null);
  const [historyId, setHistoryId] = useState<string | null>(null);
  // The entry an action item is being written from (the dialog is open while set).
  const [actionItemSource, setActionItemSource] = useState<EventJson | null>(null);
  /** The internal entry about to be made public (asks first: the status page is pushed within seconds). */
  const [publishing, setPublishing] = useState<EventJson | null>(null);
  const [announcement, setAnnouncement] = useState("");
  /** Entries added after the last one shown while the list is scrolled up (or away from the live end). */
  const [newCount, setNewCount] = useState(0);
  const [atEnd, setAtEnd] = useState(true);
  /** The height the sticky entry box covers at the bottom of the screen. */
  const [composerHeight, setComposerHeight] = useState(0);
  /** The status offered after a milestone was posted here (Resolved → resolved, Mitigated → monitoring). */
  const [statusOffer, setStatusOffer] = useState<{ milestone: Milestone; status: IncidentStatus } | null>(null);
  const incidentChange = useIncidentChange();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const jumpRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<TimelineListHandle>(null);
  const elements = useRef(new Map<string, HTMLLIElement>());
  const deleted = useRef<string[]>([]);
  const postedHere = useRef(new Set<string>());
  const reveal = useRef<Reveal | null>(null);
  const [revealTick, setRevealTick] = useState(0);

  const { take } = timeline;
  const merge = useCallback(
    (event: EventJson) => {
      take(event);
      setKeyEvents((map) => (map.has(event.id) || isOverviewEntry(event) ? mergeEvent(map, event) : map));
    },
    [take],
  );
  const actions = useEntryActions(incidentId, merge);
  const { noteSeen, subscribeEvents, subscribeReconnect, subscribeReset, reportQueued, reconnectNow } = live;
  const outbox = useOutbox(incidentId, (_id, event) => {
    if (event) merge(event);
    // The server took an entry: it is reachable, so the live stream need not wait out its backoff.
    reconnectNow();
  });
  const queuedCount = outbox.entries.filter((e) => e.status === "pending").length;
  useEffect(() => reportQueued(queuedCount), [queuedCount, reportQueued]);

  const allRows = useMemo(() => {
    const showEvent = shownEvents(win);
    return timelineRows(events, outbox.entries, showEvent, (entry) => inScope(win.scope, entry.payload));
  }, [events, outbox.entries, win]);
  const rows = allRows;
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

  /** Bring something on screen once it is rendered (now, or after the page that holds it lands). */
  const requestReveal = useCallback((target: Reveal) => {
    reveal.current = target;
    setRevealTick((t) => t + 1);
  }, []);

  const focusWhenRendered = useCallback((id: string) => {
    let frames = 0;
    const attempt = () => {
      const el = elements.current.get(id);
      if (el) {
        el.focus({ preventScroll: true });
        return;
      }
      if (++frames < 30) requestAnimationFrame(attempt);
    };
    attempt();
  }, []);

  // The selection as of now, for effects that run before the next render.
  const selectedRef = useRef(selectedId);
  useEffect(() => {
    selectedRef.current = selectedId;
  });
  const focusRow = useCallback(
    (id: string | null) => {
      selectedRef.current = id;
      setSelectedId(id);
      if (!id) return;
      // On screen above the entry box first (it may not be rendered yet), then focus, so the next key acts on it.
      listRef.current?.reveal(id);
      focusWhenRendered(id);
    },
    [focusWhenRendered],
  );

  useEffect(() => {
    const target = reveal.current;
    if (!target) return;
    const list = listRef.current;
    if (target.kind === "end") {
      reveal.current = null;
      list?.scrollToEnd();
      return;
    }
    if (target.kind === "entry") {
      const index = rows.findIndex((r) => r.id === target.id);
      if (index === -1) return;
      reveal.current = null;
      if (index === rows.length - 1) list?.scrollToEnd();
      else list?.reveal(target.id, target.select ? "center" : "auto");
      if (target.select) focusRow(target.id);
      return;
    }
    if (rows.length === 0) return;
    reveal.current = null;
    const milestoneRow = target.milestone
      ? rows.find((r) => r.type === "event" && r.event.milestone === target.milestone && Date.parse(r.occurredAt) >= target.at - 1000)
      : undefined;
    const row = milestoneRow ?? rows.find((r) => Date.parse(r.occurredAt) >= target.at) ?? rows.at(-1);
    if (!row) return;
    list?.reveal(row.id, "center");
    focusRow(row.id);
  }, [rows, revealTick, focusRow]);

  // An edit or label form opens in view, above the entry box (again once it has its height).
  const formId = editing?.id ?? labeling?.id ?? null;
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

  const registerElement = useCallback((id: string, el: HTMLLIElement | null) => {
    if (el) elements.current.set(id, el);
    else elements.current.delete(id);
  }, []);

  const findRow = (id: string) => rowsRef.current.find((r) => r.id === id);
  const findEvent = (id: string) => {
    const row = findRow(id);
    return row?.type === "event" ? row.event : null;
  };

  /** Post from the entry box: what was just posted is brought on screen, wherever it lands. */
  const post = (payloads: OutboxPayload[]) => {
    for (const p of payloads) postedHere.current.add(p.id);
    outbox.post(payloads);
    // A Resolved or Mitigated milestone asks, on one key, to move the status along with it.
    const milestone = payloads.findLast((p) => p.milestone)?.milestone;
    const target = milestone ? statusToOffer(milestone, live.incident.status) : null;
    setStatusOffer(milestone && target ? { milestone, status: target } : null);
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

  const acceptStatusOffer = async () => {
    const offer = statusOffer;
    if (!offer) return;
    setStatusOffer(null);
    await incidentChange.change({ status: offer.status });
    composerRef.current?.focus();
  };

  const undo = async () => {
    const id = deleted.current.pop();
    if (!id) {
      toast.show({ message: "Nothing to undo." });
      return;
    }
    const error = await actions.restore(id);
    if (error) {
      deleted.current.push(id);
      toast.show({ tone: "error", message: `Could not restore the entry: ${error}` });
    } else {
      toast.show({ tone: "success", message: "Entry restored." });
      focusRow(id);
    }
  };

  const rowActions: RowActions = {
    select: (id) => setSelectedId(id),
    edit: (id) => {
      const row = findRow(id);
      if (!row) return;
      if (row.type === "event") {
        const e = row.event;
        setEditing({ id, baseVersion: e.version, initial: draftOf(e.occurredAt, e.endedAt, e.kind, e.body, e.visibility, e.attribution), error: null, conflict: null, busy: false });
      } else if (row.entry.status === "rejected") {
        const p = row.entry.payload;
        setEditing({ id, baseVersion: 0, initial: draftOf(p.occurredAt, p.endedAt, p.kind ?? "note", p.body, p.visibility, p.attribution), error: null, conflict: null, busy: false });
      } else {
        toast.show({ message: "This entry is still being sent; edit it once it is saved." });
      }
      setSelectedId(id);
    },
    star: (id) => {
      const e = findEvent(id);
      if (!e) return;
      void actions.setField(e, { key: !e.key }).then((error) => {
        if (error) toast.show({ tone: "error", message: `Could not star the entry: ${error}` });
      });
    },
    label: (id) => {
      if (findEvent(id)) {
        setLabeling({ id, error: null });
        setSelectedId(id);
      }
    },
    history: (id) => {
      if (findEvent(id)) setHistoryId(id);
    },
    actionItem: (id) => {
      const row = findRow(id);
      if (!row) return;
      // The item links to the entry by id, so the entry must exist on the server first.
      if (row.type === "outbox") {
        toast.show({ message: "This entry is not saved yet; turn it into an action item once it is." });
        return;
      }
      setSelectedId(id);
      setActionItemSource(row.event);
    },
    remove: (id) => {
      const row = findRow(id);
      if (!row) return;
      if (row.type === "outbox") {
        if (row.entry.status === "rejected") rowActions.discard(id);
        else toast.show({ message: "This entry is still being sent; delete it once it is saved." });
        return;
      }
      const index = rowsRef.current.findIndex((r) => r.id === id);
      const neighbour = rowsRef.current[index + 1] ?? rowsRef.current[index - 1];
      void actions.remove(row.event).then((error) => {
        if (error) {
          toast.show({ tone: "error", message: `Could not delete the entry: ${error}` });
          return;
        }
        deleted.current.push(id);
        focusRow(neighbour?.id ?? null);
        toast.show({
          message: `Deleted the entry at ${formatUtcClock(row.event.occurredAt)}: “${shortText(row.event.body)}”`,
          action: { label: "Undo (u)", onAction: () => void undo() },
          durationMs: 10_000,
        });
      });
    },
    visibility: (id) => {
      const e = findEvent(id);
      if (!e) {
        if (findRow(id)) toast.show({ message: "This entry is still being sent; change its visibility once it is saved." });
        return;
      }
      setSelectedId(id);
      if (e.visibility !== "public") {
        setPublishing(e);
        return;
      }
      void actions.setField(e, { visibility: "internal" }).then((error) => {
        if (error) toast.show({ tone: "error", message: `Could not make the entry internal: ${error}` });
        else toast.show({ tone: "success", message: "The entry is internal again; it leaves the status page within seconds." });
      });
    },
    discard: (id) => {
      const row = findRow(id);
      if (row?.type !== "outbox") return;
      const { payload } = row.entry;
      outbox.discard(id);
      toast.show({
        message: `Discarded the unsent entry “${shortText(payload.body)}”`,
        action: { label: "Undo", onAction: () => outbox.post([payload]) },
        durationMs: 10_000,
      });
    },
  };
  // Rows are memoised: hand them one stable object whose functions see the latest state.
  const ignore = () => {};
  const allowedActions: RowActions = readOnly
    ? { ...rowActions, edit: ignore, star: ignore, label: ignore, actionItem: ignore, remove: ignore, discard: ignore, visibility: ignore }
    : rowActions;
  const latestActions = useRef(allowedActions);
  useEffect(() => {
    latestActions.current = allowedActions;
  });
  const stableActions = useMemo<RowActions>(
    () => ({
      select: (id) => latestActions.current.select(id),
      edit: (id) => latestActions.current.edit(id),
      star: (id) => latestActions.current.star(id),
      label: (id) => latestActions.current.label(id),
      history: (id) => latestActions.current.history(id),
      actionItem: (id) => latestActions.current.actionItem(id),
      remove: (id) => latestActions.current.remove(id),
      discard: (id) => latestActions.current.discard(id),
      visibility: (id) => latestActions.current.visibility(id),
    }),
    [],
  );

  useTimelineKeys({
    rows,
    selectedId,
    focusRow,
    focusComposer: () => composerRef.current?.focus(),
    undo: () => {
      if (!readOnly) void undo();
    },
    togglePublicOnly: () => void timeline.setScope(publicOnly ? "all" : "public"),
    focusJump: () => jumpRef.current?.focus(),
    reachedEdge: (side) => void (side === "older" ? timeline.loadOlder() : timeline.loadNewer()),
    actions: stableActions,
  });

  const confirmPublish = async () => {
    const e = publishing;
    setPublishing(null);
    if (!e) return;
    const error = await actions.setField(e, { visibility: "public" });
    if (error) toast.show({ tone: "error", message: `Could not make the entry public: ${error}` });
    else {
      toast.show({ tone: "success", message: "The entry is public; the status page shows it within seconds." });
      focusRow(e.id);
    }
  };

  const saveEdit = async (draft: EditDraft) => {
    if (!editing) return;
    const row = findRow(editing.id);
    if (!row) {
      setEditing(null);
      return;
    }
    if (row.type === "outbox") {
      const time = parseTimeText(draft.time, new Date());
      if (!time.ok) return setEditing({ ...editing, error: `Time: ${time.error}` });
      const next: OutboxPayload = {
        ...row.entry.payload,
        body: draft.body,
        kind: ENTRY_KINDS.find((k) => k === draft.kind) ?? row.entry.payload.kind,
        occurredAt: time.occurredAt.toISOString(),
        endedAt: time.endedAt ? time.endedAt.toISOString() : null,
        visibility: draft.visibility,
        attribution: draft.attribution.trim() || null,
      };
      const valid = ZCreateTimelineEvent.safeParse(next);
      if (!valid.success) return setEditing({ ...editing, error: valid.error.issues[0]?.message ?? "Invalid entry" });
      outbox.resend(next);
      setEditing(null);
      focusRow(editing.id);
      return;
    }
    setEditing({ ...editing, busy: true, error: null });
    const outcome = await actions.saveEdit(row.event, editing.baseVersion, editing.initial, draft);
    if (outcome.ok) {
      setEditing(null);
      focusRow(row.id);
    } else if (outcome.conflict) {
      setEditing({ ...editing, busy: false, conflict: outcome.conflict, baseVersion: outcome.conflict.version });
    } else {
      setEditing({ ...editing, busy: false, error: outcome.error });
    }
  };

  const saveLabel = async (id: string, value: string) => {
    const e = findEvent(id);
    if (!e) return setLabeling(null);
    const error = await actions.setField(e, { statusLabel: value.trim() || null });
    if (error) setLabeling({ id, error });
    else {
      setLabeling(null);
      focusRow(id);
    }
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
  const historyEvent = historyId ? (events.get(historyId) ?? null) : null;
  const keepIds = useMemo(() => [selectedId, editing?.id, labeling?.id].filter((id): id is string => Boolean(id)), [selectedId, editing?.id, labeling?.id]);
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
      <div className="mb-1 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <Button
          size="sm"
          aria-pressed={publicOnly}
          aria-keyshortcuts="Shift+P"
          disabled={timeline.loading.replacing}
          onClick={() => void timeline.setScope(publicOnly ? "all" : "public")}
        >
          <CheckboxIcon checked={publicOnly} /> Public updates only <Kbd>Shift+P</Kbd>
        </Button>
        <JumpBar
          incident={live.incident}
          inputRef={jumpRef}
          busy={timeline.loading.replacing}
          onJumpToTime={(at) => void jumpToTime(at)}
          onJumpToMilestone={(milestone, at) => void jumpToTime(at, milestone)}
        />
        {win.upper ? (
          <Button size="sm" onClick={() => void toNewest()}>
            Newest entries ↓
          </Button>
        ) : null}
        {publicOnly ? <span role="status">Showing public updates only{rows.length ? ` (${rows.length} loaded)` : ""}.</span> : null}
      </div>
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
            const isEditing = editing?.id === row.id;
            const isLabeling = labeling?.id === row.id && row.type === "event";
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
                actions={stableActions}
                readOnly={readOnly}
                registerElement={registerElement}
              >
                {isEditing && editing ? (
                  <EntryEditor
                    initial={editing.initial}
                    conflict={editing.conflict}
                    error={editing.error}
                    busy={editing.busy}
                    onSave={(draft) => void saveEdit(draft)}
                    onCancel={() => {
                      setEditing(null);
                      focusRow(row.id);
                    }}
                    onKeepTheirs={() => {
                      setEditing(null);
                      focusRow(row.id);
                    }}
                  />
                ) : isLabeling && row.type === "event" ? (
                  <>
                    <p className="entry-body text-lg break-words whitespace-pre-wrap">{row.event.body}</p>
                    <LabelEditor
                      initial={row.event.statusLabel ?? ""}
                      error={labeling?.error ?? null}
                      onSave={(value) => void saveLabel(row.id, value)}
                      onCancel={() => setLabeling(null)}
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
          offer={
            // Gone once the incident got there some other way (someone else, the header menu).
            statusOffer && statusToOffer(statusOffer.milestone, live.incident.status)
              ? {
                  id: `status-${statusOffer.status}`,
                  question:
                    statusOffer.status === "resolved"
                      ? "Resolved is on the timeline. Set the incident's status to Resolved and stop the clock?"
                      : "Mitigated is on the timeline. Set the incident's status to Monitoring?",
                  acceptLabel: `Set status: ${statusLabel(statusOffer.status)}`,
                  accept: () => void acceptStatusOffer(),
                  dismiss: () => setStatusOffer(null),
                }
              : null
          }
          onLeave={() => {
            const last = rowsRef.current.at(-1);
            if (last) focusRow(last.id);
            else composerRef.current?.blur();
          }}
        />
      )}
      <HistoryDialog incidentId={incidentId} event={historyEvent} onClose={() => setHistoryId(null)} />
      <Dialog open={publishing !== null} onClose={() => setPublishing(null)} title="Make this entry public?">
        <p className="mb-2">It will appear on the public status page within seconds, without its author:</p>
        <blockquote className="mb-4 border-l-4 border-violet-600 pl-3 break-words whitespace-pre-wrap">{publishing?.body}</blockquote>
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" data-autofocus onClick={() => void confirmPublish()}>
            Make public <Kbd>Enter</Kbd>
          </Button>
          <Button onClick={() => setPublishing(null)}>
            Keep internal <Kbd>Esc</Kbd>
          </Button>
        </div>
      </Dialog>
      <NewActionItemDialog
        incidentId={incidentId}
        open={actionItemSource !== null}
        defaults={actionItemSource ? defaultsFromTimelineEntry(actionItemSource) : undefined}
        onClose={() => setActionItemSource(null)}
        onCreated={(item) => actionItemCreated(item.title)}
      />
    </section>
  );
}

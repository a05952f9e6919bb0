"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { incidentsApi } from "@/components/incidents/api";
import { zIncidentListMessage, type IncidentJson, type IncidentListMessageJson } from "@/lib/incidents/wire";
import type { ActionItemCounts as Counts } from "@/lib/action-items/counts";
import { placeInList, type IncidentListFilters } from "@/lib/incidents/list-filter";
import { parseFrame, reconnectDelayMs, type ConnectionState } from "@/components/timeline/use-live-stream";
import { ConnectionIndicator } from "@/components/timeline/connection-indicator";
import { IncidentTable } from "./incident-table";
import { statusLabel } from "@/lib/incidents/labels";

/**
 * One stream for the whole list (GET /api/v1/incidents/stream), reopened
 * with the timeline's backoff. After a gap it reloads the list from the
 * API, since the stream does not replay what was missed.
 */
function useIncidentListStream(onMessage: (frame: IncidentListMessageJson) => void, onReopen: () => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlers = useRef({ onMessage, onReopen });
  useEffect(() => {
    handlers.current = { onMessage, onReopen };
  });
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;
    let disposed = false;
    const connect = () => {
      if (disposed) return;
      source?.close();
      const es = new EventSource(incidentsApi.listStreamUrl());
      source = es;
      es.onopen = () => {
        if (source !== es) return;
        failures = 0;
        setState("live");
        if (opened) handlers.current.onReopen();
        opened = true;
      };
      es.addEventListener("incident", (e: MessageEvent) => {
        if (source !== es) return;
        setState("live");
        const frame = parseFrame(zIncidentListMessage, e.data);
        if (frame) handlers.current.onMessage(frame);
      });
      es.onerror = () => {
        if (source !== es) return;
        es.close();
        source = null;
        failures++;
        // Missed changes are reloaded once it is back, even if the first attempt never opened.
        opened = true;
        setState(navigator.onLine ? "reconnecting" : "offline");
        clearTimeout(timer);
        timer = setTimeout(connect, reconnectDelayMs(failures));
      };
    };
    const retryNow = () => {
      if (disposed || source) return;
      clearTimeout(timer);
      failures = 0;
      connect();
    };
    const onOffline = () => setState("offline");
    connect();
    window.addEventListener("online", retryNow);
    window.addEventListener("offline", onOffline);
    return () => {
      disposed = true;
      clearTimeout(timer);
      source?.close();
      window.removeEventListener("online", retryNow);
      window.removeEventListener("offline", onOffline);
    };
  }, []);
  return state;
}

/**
 * The incident list, kept live: a declared incident appears at the top, a
 * status or severity change shows at once, an incident that leaves the
 * filter (or is deleted) goes, all without a reload. Changes are
 * announced politely for screen readers.
 */
export function LiveIncidentTable({
  initialIncidents,
  actionItemCounts,
  renderedAt,
  filters,
  limit,
}: {
  initialIncidents: IncidentJson[];
  actionItemCounts: Record<string, Counts>;
  renderedAt: string;
  filters: IncidentListFilters;
  /** How many rows the page shows (the API's page size): the list never grows past it. */
  limit: number;
}) {
  const [incidents, setIncidents] = useState(initialIncidents);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  const known = useRef(new Map(initialIncidents.map((i) => [i.id, i])));

  const apply = useCallback(
    (frame: IncidentListMessageJson) => {
      if (frame.type === "incident_deleted") {
        known.current.delete(frame.incidentId);
        setIncidents((list) => list.filter((i) => i.id !== frame.incidentId));
        return;
      }
      const next = frame.incident;
      const before = known.current.get(next.id);
      // Frames can arrive out of order across a reconnect: never go back a version.
      if (before && before.version > next.version) return;
      known.current.set(next.id, next);
      setIncidents((list) => placeInList(list, next, filters, limit));
      if (!before) {
        setFresh((set) => new Set(set).add(next.id));
        setAnnouncement(`${next.key} declared: ${next.title} (${next.severity})`);
      } else if (before.status !== next.status) {
        setAnnouncement(`${next.key} is now ${statusLabel(next.status)}`);
      }
    },
    [filters, limit],
  );

  const reload = useCallback(async () => {
    const res = await incidentsApi.list({ ...filters, limit });
    if (!res.ok) return;
    for (const i of res.data.incidents) known.current.set(i.id, i);
    setIncidents(res.data.incidents);
  }, [filters, limit]);

  const connection = useIncidentListStream(apply, () => void reload());

  return (
    <section aria-label="Incident list" className="space-y-2">
      <div className="flex justify-end">
        <ConnectionIndicator state={connection} />
      </div>
      <IncidentTable incidents={incidents} actionItemCounts={actionItemCounts} renderedAt={renderedAt} fresh={fresh} />
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </section>
  );
}

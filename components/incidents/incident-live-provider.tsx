"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { outboxKey, readOutbox } from "@/lib/timeline/outbox";
import type { EventJson } from "@/lib/timeline/wire";
import type { IncidentJson } from "@/lib/incidents/wire";
import type { IncidentRolesJson } from "@/lib/incident-roles/wire";
import { useLiveStream, type ConnectionState } from "@/components/timeline/use-live-stream";
import { requiredContext } from "@/components/ui/required-context";

type EventFrame = { action: "created" | "updated" | "deleted" | "restored"; event: EventJson };

type IncidentLive = {
  incident: IncidentJson;
  /** Take a newer copy of the incident (a PATCH answer, a reload); older versions are ignored. */
  applyIncident: (incident: IncidentJson) => void;
  /** Who holds which role (commander, scribe, …), kept live. */
  roles: IncidentRolesJson;
  /** Take a newer copy of the roles (an assignment's answer, a live frame); older versions are ignored. */
  applyRoles: (roles: IncidentRolesJson) => void;
  connection: ConnectionState;
  /** The server's clock when the page was rendered (first paint of ticking clocks). */
  renderedAt: string;
  /** Timeline changes as they arrive; returns the unsubscribe function. */
  subscribeEvents: (listener: (frame: EventFrame) => void) => () => void;
  /** Called whenever the stream (re)opens: the server is reachable again. */
  subscribeReconnect: (listener: () => void) => () => void;
  /**
   * Called when the server refused to replay what was missed (more than a
   * window of changes): whoever shows entries reloads them.
   */
  subscribeReset: (listener: () => void) => () => void;
  /** Events the page loaded itself: the stream resumes after them. */
  noteSeen: (updatedAt: string) => void;
  /** Entries of this incident waiting in this browser's outbox (shown with the connection badge). */
  queued: number;
  /** The timeline's outbox says how many entries wait. */
  reportQueued: (count: number) => void;
  /** The server answered (a POST went through): reconnect the stream now rather than after its backoff. */
  reconnectNow: () => void;
};

const [IncidentLiveContext, useIncidentLive] = requiredContext<IncidentLive>("useIncidentLive", "IncidentLiveProvider");
export { useIncidentLive };

/**
 * One live connection per open incident, shared by the header (status,
 * severity, key times) and the tab below it (the timeline).
 */
export function IncidentLiveProvider({
  initialIncident,
  initialRoles,
  renderedAt,
  children,
}: {
  initialIncident: IncidentJson;
  initialRoles: IncidentRolesJson;
  renderedAt: string;
  children: ReactNode;
}) {
  const [incident, setIncident] = useState(initialIncident);
  const [roles, setRoles] = useState(initialRoles);
  const eventListeners = useRef(new Set<(frame: EventFrame) => void>());
  const reconnectListeners = useRef(new Set<() => void>());
  const resetListeners = useRef(new Set<() => void>());

  const applyIncident = useCallback((next: IncidentJson) => {
    setIncident((current) => (next.id === current.id && next.version >= current.version ? next : current));
  }, []);

  // Role changes may arrive out of order (two instances, a reconnect's
  // snapshot): the highest version is the newest.
  const applyRoles = useCallback((next: IncidentRolesJson) => {
    setRoles((current) => (next.incidentId === current.incidentId && next.version >= current.version ? next : current));
  }, []);

  const [queued, setQueued] = useState(0);
  // On tabs without the timeline the outbox is not running, but its entries still wait:
  // count what this browser keeps for the incident (and what other tabs change).
  useEffect(() => {
    const count = () => {
      try {
        setQueued(readOutbox(window.localStorage, initialIncident.id).filter((e) => e.status === "pending").length);
      } catch {
        /* storage disabled: the timeline reports its in-memory count */
      }
    };
    count();
    const onStorage = (e: StorageEvent) => {
      if (e.key === outboxKey(initialIncident.id)) count();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [initialIncident.id]);
  const reportQueued = useCallback((count: number) => setQueued(count), []);

  const { state, noteSeen, reconnectNow } = useLiveStream({
    incidentId: initialIncident.id,
    initialSince: renderedAt,
    onMessage: (message) => {
      if (message.type === "incident") applyIncident(message.incident);
      else if (message.type === "reset") resetListeners.current.forEach((l) => l());
      else if (message.type === "roles") applyRoles(message.roles);
      else eventListeners.current.forEach((l) => l({ action: message.action, event: message.event }));
    },
    // Every (re)connect begins with the incident as it is now (an `incident`
    // frame), so a reconnect needs no fetch of its own.
    onOpen: () => reconnectListeners.current.forEach((l) => l()),
  });

  const subscribeEvents = useCallback((listener: (frame: EventFrame) => void) => {
    eventListeners.current.add(listener);
    return () => void eventListeners.current.delete(listener);
  }, []);
  const subscribeReconnect = useCallback((listener: () => void) => {
    reconnectListeners.current.add(listener);
    return () => void reconnectListeners.current.delete(listener);
  }, []);

  const subscribeReset = useCallback((listener: () => void) => {
    resetListeners.current.add(listener);
    return () => void resetListeners.current.delete(listener);
  }, []);

  const value = useMemo(
    () => ({ incident, applyIncident, roles, applyRoles, connection: state, renderedAt, subscribeEvents, subscribeReconnect, subscribeReset, noteSeen, queued, reportQueued, reconnectNow }),
    [incident, applyIncident, roles, applyRoles, state, renderedAt, subscribeEvents, subscribeReconnect, subscribeReset, noteSeen, queued, reportQueued, reconnectNow],
  );
  return <IncidentLiveContext.Provider value={value}>{children}</IncidentLiveContext.Provider>;
}

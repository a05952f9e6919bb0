"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { apiClient, type EventJson, type IncidentJson } from "@/lib/api-client";
import { useLiveStream, type ConnectionState } from "@/components/timeline/use-live-stream";

type EventFrame = { action: "created" | "updated" | "deleted" | "restored"; event: EventJson };

type IncidentLive = {
  incident: IncidentJson;
  /** Take a newer copy of the incident (a PATCH answer, a reload); older versions are ignored. */
  applyIncident: (incident: IncidentJson) => void;
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
};

const IncidentLiveContext = createContext<IncidentLive | null>(null);

export function useIncidentLive(): IncidentLive {
  const value = useContext(IncidentLiveContext);
  if (!value) throw new Error("useIncidentLive needs <IncidentLiveProvider>");
  return value;
}

/**
 * One live connection per open incident, shared by the header (status,
 * severity, key times) and the tab below it (the timeline).
 */
export function IncidentLiveProvider({
  initialIncident,
  renderedAt,
  children,
}: {
  initialIncident: IncidentJson;
  renderedAt: string;
  children: ReactNode;
}) {
  const [incident, setIncident] = useState(initialIncident);
  const eventListeners = useRef(new Set<(frame: EventFrame) => void>());
  const reconnectListeners = useRef(new Set<() => void>());
  const resetListeners = useRef(new Set<() => void>());

  const applyIncident = useCallback((next: IncidentJson) => {
    setIncident((current) => (next.id === current.id && next.version >= current.version ? next : current));
  }, []);

  const { state, noteSeen } = useLiveStream({
    incidentId: initialIncident.id,
    initialSince: renderedAt,
    onMessage: (message) => {
      if (message.type === "incident") applyIncident(message.incident);
      else if (message.type === "reset") resetListeners.current.forEach((l) => l());
      else eventListeners.current.forEach((l) => l({ action: message.action, event: message.event }));
    },
    onOpen: (reconnected) => {
      reconnectListeners.current.forEach((l) => l());
      // Incident changes are not replayed by the stream: fetch the current one.
      if (reconnected) {
        void apiClient.getIncident(initialIncident.id).then((res) => {
          if (res.ok) applyIncident(res.data);
        });
      }
    },
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
    () => ({ incident, applyIncident, connection: state, renderedAt, subscribeEvents, subscribeReconnect, subscribeReset, noteSeen }),
    [incident, applyIncident, state, renderedAt, subscribeEvents, subscribeReconnect, subscribeReset, noteSeen],
  );
  return <IncidentLiveContext.Provider value={value}>{children}</IncidentLiveContext.Provider>;
}

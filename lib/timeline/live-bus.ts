import { EventEmitter } from "node:events";
import type { TimelineEventDto } from "./dto";
import type { IncidentDto } from "../incidents/dto";
import type { IncidentRolesDto } from "../incident-roles/dto";

/** What a live viewer of an incident is told. */
export type LiveMessage =
  | { type: "event"; action: "created" | "updated" | "deleted" | "restored"; event: TimelineEventDto }
  | { type: "incident"; incident: IncidentDto }
  /** Who holds which role now (the whole, small list; viewers keep the highest version). */
  | { type: "roles"; roles: IncidentRolesDto }
  /** The postmortem's content or its action items changed (browsers do not listen for it; the status site does). */
  | { type: "postmortem"; incidentId: string }
  /** The incident was deleted: its streams end (a reconnect gets a 404). */
  | { type: "incident_deleted"; incidentId: string };

/**
 * Fan-out of committed changes to live viewers. The in-process bus serves
 * one instance; a PostgreSQL LISTEN/NOTIFY bus can implement the same
 * interface for several instances.
 */
export interface LiveBus {
  publish(incidentId: string, message: LiveMessage): void;
  subscribe(incidentId: string, listener: (message: LiveMessage) => void): () => void;
  /**
   * Every message of every incident, for process-wide work such as the
   * status site's rebuild. A listener must be cheap and must not throw: it
   * runs inside publish().
   */
  subscribeAll(listener: (incidentId: string, message: LiveMessage) => void): () => void;
}

// Incident ids are UUIDs, so a symbol can never collide with one.
const ALL = Symbol("all incidents");

class InProcessBus implements LiveBus {
  private emitter = new EventEmitter();

  constructor() {
    // One listener per open viewer; the default cap of 10 would warn.
    this.emitter.setMaxListeners(0);
  }

  publish(incidentId: string, message: LiveMessage): void {
    this.emitter.emit(incidentId, message);
    this.emitter.emit(ALL, incidentId, message);
  }

  subscribe(incidentId: string, listener: (message: LiveMessage) => void): () => void {
    this.emitter.on(incidentId, listener);
    return () => this.emitter.off(incidentId, listener);
  }

  subscribeAll(listener: (incidentId: string, message: LiveMessage) => void): () => void {
    this.emitter.on(ALL, listener);
    return () => this.emitter.off(ALL, listener);
  }
}

// Next.js may evaluate this module once per route bundle; the bus must be
// one per process, so it lives on globalThis.
const globalForBus = globalThis as unknown as { __debriefLiveBus?: LiveBus };

export function liveBus(): LiveBus {
  globalForBus.__debriefLiveBus ??= new InProcessBus();
  return globalForBus.__debriefLiveBus;
}

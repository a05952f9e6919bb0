import type { TimelineEventDto } from "../timeline/dto";
import type { IncidentDto } from "../incidents/dto";
import type { IncidentRolesDto } from "../incident-roles/dto";
import { LocalFanout } from "./fanout";
import { PostgresLiveBus } from "../timeline/pg-live-bus";
import { databaseUrl, providerOf } from "../db/url";

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

export type PublishOptions = {
  /**
   * Other instances were told already, by a NOTIFY in the very statement
   * that committed the change (the group commit on PostgreSQL): only this
   * process's viewers are left to tell.
   */
  announced?: boolean;
};

export type LiveSubscription = {
  /**
   * Messages may have been missed (the bus lost its PostgreSQL connection, or
   * could not load what another instance announced): the viewer should
   * catch up from where it left off. The SSE stream closes, and the browser
   * reconnects with `since`.
   */
  onGap?: () => void;
};

/**
 * Fan-out of committed changes to live viewers. One instance (SQLite) uses
 * the in-process bus; several instances on PostgreSQL use LISTEN/NOTIFY
 * (lib/timeline/pg-live-bus.ts), chosen from DATABASE_URL.
 */
export interface LiveBus {
  publish(incidentId: string, message: LiveMessage, opts?: PublishOptions): void;
  subscribe(incidentId: string, listener: (message: LiveMessage) => void, opts?: LiveSubscription): () => void;
  /**
   * Every message of every incident, for process-wide work such as the
   * status site's rebuild; on PostgreSQL also those published by other
   * instances. A listener must be cheap and must not throw: it runs inside
   * publish().
   */
  subscribeAll(listener: (incidentId: string, message: LiveMessage) => void, opts?: LiveSubscription): () => void;
  /**
   * Another instance changed who may do what (a key revoked, a role lowered,
   * an account deactivated): caches of it must be dropped. Never called on
   * one instance (SQLite), where the change was made in this process.
   */
  onAccessChange(listener: () => void): () => void;
  /** Stop (tests, shutdown): release connections. */
  close(): Promise<void>;
}

/** One instance: messages go straight to this process's viewers. */
export class InProcessBus implements LiveBus {
  private local = new LocalFanout();

  publish(incidentId: string, message: LiveMessage): void {
    this.local.publish(incidentId, message);
  }

  subscribe(incidentId: string, listener: (message: LiveMessage) => void, opts?: LiveSubscription): () => void {
    return this.local.subscribe(incidentId, listener, opts);
  }

  subscribeAll(listener: (incidentId: string, message: LiveMessage) => void, opts?: LiveSubscription): () => void {
    return this.local.subscribeAll(listener, opts);
  }

  onAccessChange(): () => void {
    return () => {};
  }

  async close(): Promise<void> {}
}

// Next.js may evaluate this module once per route bundle; the bus must be
// one per process, so it lives on globalThis.
const globalForBus = globalThis as unknown as { __debriefLiveBus?: { bus: LiveBus; url: string } };

/** The process's bus for DATABASE_URL: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite. */
export function liveBus(): LiveBus {
  const url = databaseUrl();
  const current = globalForBus.__debriefLiveBus;
  if (current && current.url === url) return current.bus;
  // Another database (tests switch between them): the old bus goes.
  if (current) void current.bus.close();
  const bus = providerOf(url) === "postgresql" ? new PostgresLiveBus(url) : new InProcessBus();
  globalForBus.__debriefLiveBus = { bus, url };
  return bus;
}

/** Close the process's bus (tests, shutdown). */
export async function closeLiveBus(): Promise<void> {
  const current = globalForBus.__debriefLiveBus;
  globalForBus.__debriefLiveBus = undefined;
  await current?.bus.close();
}

import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import { getDb } from "../db/client";
import { postgresPoolConfig } from "../db/postgres";
import { toIncidentDto } from "../incidents/dto";
import { toEventDto } from "./dto";
import { loadIncidentRoles } from "../incident-roles/assignments";
import { LocalFanout } from "../live/fanout";
import type { LiveBus, LiveMessage, LiveSubscription, PublishOptions } from "../live/bus";

// Live updates across instances through PostgreSQL LISTEN/NOTIFY.
//
// Each instance keeps one dedicated connection that LISTENs on one channel
// and also sends this instance's NOTIFYs (in order, batched). A viewer on
// the publishing instance gets the full message at once, in process. The
// other instances get a small reference — incident id, event id, action —
// and load the row once per instance, not per viewer, and only for incidents
// someone there is watching. References instead of the messages themselves:
// NOTIFY payloads must stay under 8,000 bytes and an entry's body alone may
// be 10,000 characters; a reference is ~100 bytes, so dozens share one NOTIFY.
//
// The connection reconnects by itself (backoff 250 ms → 5 s). Messages
// published while it is down wait in a bounded outbox and go out on
// reconnect; notifications sent by others while it was down are lost, so on
// every (re)LISTEN this instance's viewers are told to catch up (`onGap`:
// the SSE stream closes and the browser resumes with `since`).

export const LIVE_CHANNEL = "debrief_live";
const CHANNEL = LIVE_CHANNEL;

/** This process on the channel (its bus, and announcements made without one). */
export function processOrigin(): string {
  const g = globalThis as unknown as { __debriefLiveOrigin?: string };
  g.__debriefLiveOrigin ??= randomUUID();
  return g.__debriefLiveOrigin;
}
/** PostgreSQL refuses payloads of 8,000 bytes or more. */
const PAYLOAD_MAX_BYTES = 7_900;
/** References waiting while the connection is down; past this the oldest go and every viewer catches up. */
const OUTBOX_MAX = 20_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/** A query on the idle connection now and then, so a silently dead one is noticed. */
const HEARTBEAT_MS = 15_000;

const EVENT_ACTIONS = ["created", "updated", "deleted", "restored"] as const;
const zId = z.string().min(1).max(64);
// e: a timeline entry, i: an incident's fields, p: its postmortem or action
// items (no payload), d: the incident was deleted (no payload).
const zRef = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("e"), i: zId, e: zId, a: z.enum(EVENT_ACTIONS) }),
  z.strictObject({ t: z.literal("i"), i: zId }),
  z.strictObject({ t: z.literal("p"), i: zId }),
  z.strictObject({ t: z.literal("r"), i: zId }),
  z.strictObject({ t: z.literal("d"), i: zId }),
]);
/**
 * o: the sending instance; m: the changes; g: the sender dropped some (every
 * viewer should catch up); a: accounts, roles or API keys changed (caches of
 * who may do what must be dropped).
 */
const zEnvelope = z.strictObject({ o: zId, m: z.array(zRef).max(1_000), g: z.literal(true).optional(), a: z.literal(true).optional() });

/**
 * The NOTIFY payloads (each under PostgreSQL's limit) that announce entries
 * created by this process, for a statement that commits them to send
 * itself: PostgreSQL delivers them when, and only if, it commits.
 */
export function createdEntryPayloads(entries: Array<{ incidentId: string; eventId: string }>): string[] {
  const head = `{"o":${JSON.stringify(processOrigin())},"m":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = Buffer.byteLength(head) + 2;
  for (const { incidentId, eventId } of entries) {
    const ref = JSON.stringify({ t: "e", i: incidentId, e: eventId, a: "created" } satisfies Ref);
    const size = Buffer.byteLength(ref) + 1;
    if (parts.length && (bytes + size > PAYLOAD_MAX_BYTES || parts.length >= 1_000)) {
      payloads.push(`${head}${parts.join(",")}]}`);
      parts = [];
      bytes = Buffer.byteLength(head) + 2;
    }
    parts.push(ref);
    bytes += size;
  }
  if (parts.length) payloads.push(`${head}${parts.join(",")}]}`);
  return payloads;
}

/** The NOTIFY payload that tells every other instance that access changed. */
export function accessChangePayload(): string {
  return JSON.stringify({ o: processOrigin(), m: [], a: true });
}
type Ref = z.infer<typeof zRef>;
type Envelope = z.infer<typeof zEnvelope>;

function refOf(incidentId: string, message: LiveMessage): Ref {
  switch (message.type) {
    case "event":
      return { t: "e", i: incidentId, e: message.event.id, a: message.action };
    case "incident":
      return { t: "i", i: incidentId };
    case "postmortem":
      return { t: "p", i: incidentId };
    case "roles":
      return { t: "r", i: incidentId };
    case "incident_deleted":
      return { t: "d", i: incidentId };
  }
}

function parseEnvelope(payload: string): Envelope | null {
  try {
    const parsed = zEnvelope.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class PostgresLiveBus implements LiveBus {
  /** This instance on the channel; its connection is named `debrief-live <first 8 characters>`. */
  readonly origin: string;
  private readonly local = new LocalFanout();
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private outbox: Ref[] = [];
  private dropped = false;
  private flushing = false;
  private inbox: Ref[] = [];
  private delivering = false;
  private listeners = new Set<() => void>();
  private accessListeners = new Set<() => void>();
  /** Queries on the connection run one after another (node-postgres wants no overlap). */
  private queue: Promise<unknown> = Promise.resolve();

  /** `origin`: the process's own unless given (tests run several buses in one process). */
  constructor(
    private readonly url: string,
    origin = processOrigin(),
  ) {
    this.origin = origin;
    this.connect();
  }

  publish(incidentId: string, message: LiveMessage, opts: PublishOptions = {}): void {
    this.local.publish(incidentId, message);
    if (this.closed || opts.announced) return;
    this.outbox.push(refOf(incidentId, message));
    if (this.outbox.length > OUTBOX_MAX) {
      this.outbox.splice(0, this.outbox.length - OUTBOX_MAX);
      this.dropped = true;
    }
    void this.flush();
  }

  subscribe(incidentId: string, listener: (message: LiveMessage) => void, opts?: LiveSubscription): () => void {
    return this.local.subscribe(incidentId, listener, opts);
  }

  onAccessChange(listener: () => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  subscribeAll(listener: (incidentId: string, message: LiveMessage) => void, opts?: LiveSubscription): () => void {
    return this.local.subscribeAll(listener, opts);
  }

  /** Resolves once the bus LISTENs (at once when it does already). */
  whenListening(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.listeners.add(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => {});
  }

  // ------------------------------------------------------------ connection

  private query(client: pg.Client, text: string, values?: unknown[]): Promise<unknown> {
    const run = this.queue.then(() => client.query(text, values));
    this.queue = run.catch(() => {});
    return run;
  }

  private connect(): void {
    if (this.closed) return;
    const { connectionString, connectionTimeoutMillis } = postgresPoolConfig(this.url);
    const client = new pg.Client({
      connectionString,
      connectionTimeoutMillis,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 10_000,
      application_name: `debrief-live ${this.origin.slice(0, 8)}`,
    });
    this.client = client;
    this.queue = Promise.resolve();
    // Always one handler: an "error" event without one would crash the process.
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    client.on("notification", (n) => {
      if (this.client === client && n.channel === CHANNEL && n.payload) this.receive(n.payload);
    });
    client
      .connect()
      .then(() => this.query(client, `LISTEN ${CHANNEL}`))
      .then(() => {
        if (this.client !== client) return;
        if (this.failures > 0) console.error("[debrief] live updates: listening on PostgreSQL again");
        this.listening = true;
        this.failures = 0;
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => void this.query(client, "SELECT 1").catch((err: Error) => this.lost(client, err)), HEARTBEAT_MS);
        this.heartbeat.unref();
        // Whatever other instances sent before this LISTEN (or while the
        // connection was down) did not reach this instance's viewers.
        this.local.gap();
        for (const resolve of this.listeners) resolve();
        this.listeners.clear();
        void this.flush();
      })
      .catch((err: Error) => this.lost(client, err));
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    clearInterval(this.heartbeat);
    client.end().catch(() => {});
    if (this.closed) return;
    if (this.failures === 0) console.error(`[debrief] live updates: PostgreSQL connection lost (${err?.message ?? "closed"}); reconnecting`);
    this.failures++;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** (this.failures - 1));
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.reconnectTimer.unref();
  }

  // ------------------------------------------------------------- sending

  /** The longest prefix of the outbox that fits one NOTIFY, as its payload. */
  private nextPayload(): { payload: string; count: number } {
    const head = `{"o":${JSON.stringify(this.origin)}${this.dropped ? ',"g":true' : ""},"m":[`;
    let body = "";
    let bytes = Buffer.byteLength(head) + 2;
    let count = 0;
    for (const ref of this.outbox) {
      const part = (count ? "," : "") + JSON.stringify(ref);
      const size = Buffer.byteLength(part);
      if (bytes + size > PAYLOAD_MAX_BYTES || count >= 1_000) break;
      body += part;
      bytes += size;
      count++;
    }
    return { payload: `${head}${body}]}`, count };
  }

  /** Send the outbox in order, a NOTIFY per payload; references that arrive meanwhile go in the next. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.length > 0 && this.client && this.listening) {
        const { payload, count } = this.nextPayload();
        await this.query(this.client, "SELECT pg_notify($1, $2)", [CHANNEL, payload]);
        this.outbox.splice(0, count);
        this.dropped = false;
      }
    } catch {
      // The connection failed: "error"/"end" reconnect, and the reconnect flushes.
    } finally {
      this.flushing = false;
    }
  }

  // ----------------------------------------------------------- receiving

  private receive(payload: string): void {
    // Nobody here to tell (the common case on a busy instance with no viewer
    // open): only an access change matters, which the payload says in clear.
    if (!this.local.listening() && !payload.includes('"a":true')) return;
    const envelope = parseEnvelope(payload);
    if (!envelope) {
      console.error("[debrief] live updates: ignored a malformed notification");
      return;
    }
    if (envelope.o === this.origin) return;
    if (envelope.a) {
      for (const listener of this.accessListeners) {
        try {
          listener();
        } catch (err) {
          console.error("[debrief] access change handler failed:", err);
        }
      }
    }
    if (envelope.g) this.local.gap();
    for (const ref of envelope.m) if (this.local.wants(ref.i)) this.inbox.push(ref);
    void this.deliver();
  }

  /** Load what the references point at (one query per kind for all waiting), then hand it to viewers in order. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.inbox.length > 0) {
        const refs = this.inbox.splice(0, this.inbox.length);
        try {
          for (const [incidentId, message] of await this.load(refs)) this.local.publish(incidentId, message);
        } catch (err) {
          console.error("[debrief] live updates: could not load changes from another instance:", err);
          this.local.gap(new Set(refs.map((r) => r.i)));
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  private async load(refs: Ref[]): Promise<Array<[string, LiveMessage]>> {
    const db = await getDb();
    const eventIds = [...new Set(refs.flatMap((r) => (r.t === "e" ? [r.e] : [])))];
    const incidentIds = [...new Set(refs.flatMap((r) => (r.t === "i" ? [r.i] : [])))];
    const roleIncidentIds = [...new Set(refs.flatMap((r) => (r.t === "r" ? [r.i] : [])))];
    const [events, incidents, roles] = await Promise.all([
      eventIds.length ? db.timelineEvent.findMany({ where: { id: { in: eventIds } } }) : [],
      incidentIds.length ? db.incident.findMany({ where: { id: { in: incidentIds } } }) : [],
      // Role changes are rare and each incident's roles are a handful of rows: one small read per incident.
      Promise.all(roleIncidentIds.map(async (id) => [id, await loadIncidentRoles(db, id).catch(() => null)] as const)),
    ]);
    const rolesById = new Map(roles);
    const eventById = new Map(events.map((e) => [e.id, e]));
    const incidentById = new Map(incidents.map((i) => [i.id, i]));
    const out: Array<[string, LiveMessage]> = [];
    for (const ref of refs) {
      if (ref.t === "e") {
        const row = eventById.get(ref.e);
        // The current row: a later edit may already be in it, which viewers merge by version.
        if (row && row.incidentId === ref.i) out.push([ref.i, { type: "event", action: ref.a, event: toEventDto(row) }]);
      } else if (ref.t === "i") {
        const row = incidentById.get(ref.i);
        if (row) out.push([ref.i, { type: "incident", incident: toIncidentDto(row) }]);
      } else if (ref.t === "p") {
        out.push([ref.i, { type: "postmortem", incidentId: ref.i }]);
      } else if (ref.t === "r") {
        const current = rolesById.get(ref.i);
        if (current) out.push([ref.i, { type: "roles", roles: current }]);
      } else {
        out.push([ref.i, { type: "incident_deleted", incidentId: ref.i }]);
      }
    }
    return out;
  }
}

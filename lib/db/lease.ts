import "server-only";
import pg from "pg";
import { postgresPoolConfig } from "./postgres";
import { databaseUrl, providerOf } from "./url";

// Work that must run on one instance only, however many serve one database:
// scheduled backups and the status site. On SQLite there is one instance, so
// it always holds the lease. On PostgreSQL the lease is a session advisory
// lock held on a dedicated connection: the instance that takes it runs the
// work; the others try again every few seconds, and one of them takes over
// once the holder stops or dies (PostgreSQL releases the lock with its
// connection). A holder that loses its connection stops the work at once;
// a heartbeat notices a silently dead connection within seconds.

const RETRY_MS = 5_000;
const HEARTBEAT_MS = 5_000;

/** One advisory lock key per kind of work (any constants; the same on every instance). */
export const LEASES = {
  backups: 7_204_512_321,
  statusSite: 7_204_512_322,
} as const;

export type LeaseName = keyof typeof LEASES;

export type Lease = {
  /** Whether this instance runs the work now. */
  held(): boolean;
  /** Give the lease up (shutdown): the work stops, another instance may take it. */
  stop(): Promise<void>;
};

type Handlers = {
  /** This instance now runs the work. */
  onAcquired: () => void;
  /** It must stop (the connection to PostgreSQL was lost, or stop() was called). */
  onLost: () => void | Promise<void>;
};

/** Run `onAcquired` once this instance holds the lease `name`, `onLost` when it no longer does. */
export function holdLease(name: LeaseName, handlers: Handlers, url = databaseUrl()): Lease {
  if (providerOf(url) === "sqlite") {
    let held = true;
    handlers.onAcquired();
    return {
      held: () => held,
      async stop() {
        if (!held) return;
        held = false;
        await handlers.onLost();
      },
    };
  }
  return new PostgresLease(name, handlers, url);
}

class PostgresLease implements Lease {
  private client: pg.Client | null = null;
  private holding = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private warned = false;

  constructor(
    private readonly name: LeaseName,
    private readonly handlers: Handlers,
    private readonly url: string,
  ) {
    void this.attempt();
  }

  held(): boolean {
    return this.holding;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.release();
  }

  private later(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), RETRY_MS);
    this.timer.unref();
  }

  /** Connect if needed and try to take the lock once. */
  private async attempt(): Promise<void> {
    if (this.stopped || this.holding) return;
    try {
      if (!this.client) {
        const { connectionString, connectionTimeoutMillis } = postgresPoolConfig(this.url);
        const client = new pg.Client({ connectionString, connectionTimeoutMillis, keepAlive: true, query_timeout: HEARTBEAT_MS, application_name: `debrief-lease ${this.name}` });
        client.on("error", () => void this.lost(client));
        client.on("end", () => void this.lost(client));
        this.client = client;
        await client.connect();
      }
      const client = this.client;
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [LEASES[this.name]]);
      if (this.stopped || this.client !== client) return;
      if (rows[0]?.locked !== true) return this.later();
      this.holding = true;
      this.warned = false;
      this.heartbeat = setInterval(() => void client.query("SELECT 1").catch(() => this.lost(client)), HEARTBEAT_MS);
      this.heartbeat.unref();
      console.log(`[debrief] ${this.name}: this instance holds the lease and runs them`);
      this.handlers.onAcquired();
    } catch (err) {
      if (!this.warned) console.error(`[debrief] ${this.name}: cannot take the lease yet (${err instanceof Error ? err.message : String(err)}); trying again`);
      this.warned = true;
      const client = this.client;
      if (client) await this.lost(client);
      else this.later();
    }
  }

  /** The connection is gone: whatever it held is released by PostgreSQL. */
  private async lost(client: pg.Client): Promise<void> {
    if (this.client !== client) return;
    this.client = null;
    clearInterval(this.heartbeat);
    client.end().catch(() => {});
    if (this.holding) {
      this.holding = false;
      console.error(`[debrief] ${this.name}: lost the lease (the connection to PostgreSQL broke); stopped here until it can be taken again`);
      await this.runLost();
    }
    this.later();
  }

  private async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    clearInterval(this.heartbeat);
    if (this.holding) {
      this.holding = false;
      await this.runLost();
    }
    // Closing the session releases the advisory lock.
    await client?.end().catch(() => {});
  }

  private async runLost(): Promise<void> {
    try {
      await this.handlers.onLost();
    } catch (err) {
      console.error(`[debrief] ${this.name}: stopping failed:`, err);
    }
  }
}

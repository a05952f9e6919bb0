import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgresql/client";
import type { PrismaClient } from "../generated/prisma/client";

/** Connections per instance; two instances and the LISTEN connections stay far below PostgreSQL's default of 100. */
function poolSize(): number {
  const n = Number(process.env.DEBRIEF_PG_POOL_SIZE);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 10;
}

/**
 * The pool options every connection of an instance uses. A request waits at
 * most a few seconds for a connection, so a PostgreSQL outage answers 503
 * quickly instead of hanging; TCP keep-alive finds connections the network
 * dropped; a broken connection is thrown away and the next query opens a new
 * one, so the instance recovers by itself when PostgreSQL is back.
 */
export function postgresPoolConfig(url: string, overrides: pg.PoolConfig = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: poolSize(),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "debrief",
    ...overrides,
  };
}

/**
 * A Prisma client on PostgreSQL. The PostgreSQL client is generated from the
 * same schema as the SQLite one (scripts/db-schema.mjs) and its API is a
 * superset of it (e.g. `mode: "insensitive"`), so the app codes against the
 * SQLite client's type and lib/db/dialect.ts adds the few provider-specific
 * pieces.
 */
export function createPostgresClient(url: string): { client: PrismaClient; ready: Promise<void> } {
  const pool = new pg.Pool(postgresPoolConfig(url));
  // An idle connection that dies (PostgreSQL restarted) emits "error" on the
  // pool; unhandled it would crash the process. The pool drops it by itself.
  pool.on("error", (err) => console.error(`[debrief] PostgreSQL connection lost: ${err.message}`));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PostgresPrismaClient({ adapter });
  // Same models, same query API (a superset); see the comment above.
  return { client: client as unknown as PrismaClient, ready: Promise.resolve() };
}

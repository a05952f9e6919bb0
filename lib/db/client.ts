import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { createPostgresClient } from "./postgres";
import { createSqliteClient } from "./sqlite";
import { databaseUrl, providerOf } from "./url";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The client and adapter for DATABASE_URL: SQLite for `file:`, PostgreSQL for `postgresql://`. */
function createClient(url: string): { client: PrismaClient; ready: Promise<void> } {
  return providerOf(url) === "postgresql" ? createPostgresClient(url) : createSqliteClient(url);
}

type Holder = { client: PrismaClient; ready: Promise<void>; url: string };
const globalForDb = globalThis as unknown as { __debriefDb?: Holder };

function holder(): Holder {
  const url = databaseUrl();
  const current = globalForDb.__debriefDb;
  if (current && current.url === url) return current;
  const created: Holder = { ...createClient(url), url };
  globalForDb.__debriefDb = created;
  return created;
}

/**
 * The shared client without waiting for its set-up, for libraries that need
 * a client synchronously (better-auth's adapter). Prefer getDb().
 */
export function dbClientSync(): PrismaClient {
  return holder().client;
}

/** The shared Prisma client, configured and ready. */
export async function getDb(): Promise<PrismaClient> {
  const h = holder();
  await h.ready;
  return h.client;
}

/** Close the shared client (tests and scripts). */
export async function closeDb(): Promise<void> {
  const h = globalForDb.__debriefDb;
  globalForDb.__debriefDb = undefined;
  if (h) await h.client.$disconnect();
}

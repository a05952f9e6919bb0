import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseUrl, providerOf, sqliteFile } from "./url";
import { busyTimeoutMs, secureDatabaseFiles } from "./sqlite-files.mjs";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

function createClient(url: string): PrismaClient {
  const provider = providerOf(url);
  if (provider !== "sqlite") {
    throw new Error("PostgreSQL is not supported by this build yet; use a file: DATABASE_URL");
  }
  const file = sqliteFile(url);
  // Owner-only folder and files (they hold password hashes and sessions).
  for (const warning of secureDatabaseFiles(file)) console.warn(`[debrief] warning: ${warning}`);
  // One connection (the adapter serialises transactions with a mutex);
  // wait up to 5 s for another process's lock instead of failing at once.
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs(5000) });
  return new PrismaClient({ adapter });
}

// WAL lets readers run during a write; NORMAL sync is still durable across an
// application crash (only an OS crash can lose the last commits). Foreign keys
// are off by default in SQLite and must be enabled per connection.
async function configureSqlite(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
}

type Holder = { client: PrismaClient; ready: Promise<void>; url: string };
const globalForDb = globalThis as unknown as { __debriefDb?: Holder };

function holder(): Holder {
  const url = databaseUrl();
  const current = globalForDb.__debriefDb;
  if (current && current.url === url) return current;
  const client = createClient(url);
  const created: Holder = { client, url, ready: configureSqlite(client) };
  globalForDb.__debriefDb = created;
  return created;
}

/**
 * The shared client without waiting for its pragmas, for libraries that need
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

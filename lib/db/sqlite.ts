import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { sqliteFile } from "./url";
import { busyTimeoutMs, secureDatabaseFiles } from "./sqlite-files.mjs";

/** A Prisma client on the SQLite file of a `file:` URL, and its set-up. */
export function createSqliteClient(url: string): { client: PrismaClient; ready: Promise<void> } {
  const file = sqliteFile(url);
  // Owner-only folder and files (they hold password hashes and sessions).
  for (const warning of secureDatabaseFiles(file)) console.warn(`[debrief] warning: ${warning}`);
  // One connection (the adapter serialises transactions with a mutex);
  // wait up to 5 s for another process's lock instead of failing at once.
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs(5000) });
  const client = new PrismaClient({ adapter });
  return { client, ready: configureSqlite(client) };
}

// WAL lets readers run during a write; NORMAL sync is still durable across an
// application crash (only an OS crash can lose the last commits). Foreign keys
// are off by default in SQLite and must be enabled per connection.
async function configureSqlite(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
}

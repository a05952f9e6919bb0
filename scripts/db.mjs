#!/usr/bin/env node
// Database migrations without Prisma's native schema engine.
//
// The Prisma CLI downloads a native schema engine that cannot be fetched on
// offline build machines. The same engine ships as WebAssembly in
// @prisma/schema-engine-wasm; this script drives it through the same driver
// adapters the app uses, and records applied migrations in
// `_prisma_migrations` exactly as `prisma migrate deploy` does.
//
// Both providers share one data model (prisma/schema.prisma; the PostgreSQL
// schema is derived from it by scripts/db-schema.mjs) and keep their own
// migrations: prisma/migrations (SQLite) and prisma/migrations-postgresql.
//
//   node scripts/db.mjs migrate          apply pending migrations to DATABASE_URL
//   node scripts/db.mjs diff <name>      write the next migration of both providers from schema.prisma
//   node scripts/db.mjs check            exit 1 when schema.prisma and either provider's migrations disagree
//
// diff and check need a PostgreSQL server to replay its migrations on:
// DEBRIEF_TEST_PG_URL, or a temporary one started with `initdb` (scripts/pg-temp.mjs).
import { readFile, readdir, mkdir, writeFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { busyTimeoutMs, checkSqliteDatabase, DatabaseCheckError, secureDatabaseFiles } from "../lib/db/sqlite-files.mjs";
import { DEFAULT_DATABASE_URL, sqliteFile } from "../lib/db/sqlite-path.mjs";
import { describeStorageProblem, storageProblem } from "../lib/db/storage-errors.mjs";
import { LAYOUT, PROVIDERS, providerOfUrl, root, schemaText } from "./db-schema.mjs";
import { checkPostgresDatabase, createScratchDatabase, postgresAdapterFactory, withMigrationLock, withPostgresServer } from "./db-postgres.mjs";
import { searchExternalTables } from "./search-tables.mjs";

/** The search index's tables are made by hand-written migrations: not drift. */
const filtersFor = (provider) => ({ externalTables: searchExternalTables(provider), externalEnums: [] });
// A command run by hand (or `npm start` while a backup runs) may wait a while
// for another process's write lock; DEBRIEF_DB_BUSY_TIMEOUT_MS overrides.
const CLI_BUSY_TIMEOUT_MS = 30_000;


function adapterFactoryFor(url) {
  if (providerOfUrl(url) === "postgresql") return postgresAdapterFactory(url);
  const file = sqliteFile(url);
  secureDatabaseFiles(file);
  return new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs(CLI_BUSY_TIMEOUT_MS) });
}

let wasmReady;
async function loadWasm() {
  if (!wasmReady) {
    wasmReady = (async () => {
      const require = createRequire(import.meta.url);
      const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
      const { instance } = await WebAssembly.instantiate(await readFile(wasmFile), { "./schema_engine_bg.js": bg });
      bg.__wbg_set_wasm(instance.exports);
      instance.exports.__wbindgen_start?.();
    })();
  }
  return wasmReady;
}

// The engine does not close the connections it opens through the adapter;
// keep them to close ourselves, or the database file stays locked.
function trackingFactory(factory, opened) {
  const track = (conn) => {
    opened.push(conn);
    if (factory.provider === "postgres") wholeScripts(conn);
    return conn;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
}

// @prisma/adapter-pg runs a migration script by splitting it at every ";",
// which breaks any semicolon in a comment, a string or a plpgsql body (the
// search migration has all three). PostgreSQL's simple query protocol runs a
// whole multi-statement script in one call, in one implicit transaction.
function wholeScripts(conn) {
  conn.executeScript = async (script) => {
    try {
      await conn.client.query(script);
    } catch (error) {
      conn.onError(error);
    }
  };
}

async function openEngine(url) {
  await loadWasm();
  const { schemaPath } = LAYOUT[providerOfUrl(url)];
  const schema = await schemaText(providerOfUrl(url));
  const log = () => {};
  const opened = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(trackingFactory(adapterFactoryFor(url), opened));
  const engine = await bg.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  const close = async () => {
    engine.free();
    await Promise.all(opened.map((conn) => conn.dispose()));
  };
  return { engine, schema, schemaPath, adapter, close };
}

async function migrationsList(provider) {
  const { migrationsDir } = LAYOUT[provider];
  const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
  const dirs = existsSync(migrationsDir)
    ? (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const content = existsSync(file)
        ? { tag: "ok", value: await readFile(file, "utf8") }
        : { tag: "error", value: "migration.sql is missing" };
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockfile = {
    path: "migration_lock.toml",
    content: existsSync(lockfilePath) ? await readFile(lockfilePath, "utf8") : null,
  };
  return { baseDir: migrationsDir, lockfile, shadowDbInitScript: "", migrationDirectories };
}

/** Migrations not yet recorded as applied (all of them on a new database). */
function unappliedMigrations(file, list) {
  const names = list.migrationDirectories.map((d) => d.path);
  const db = new Database(file, { readonly: true, timeout: busyTimeoutMs(CLI_BUSY_TIMEOUT_MS) });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return names;
    const done = db
      .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .pluck()
      .all();
    const applied = new Set(done);
    return names.filter((n) => !applied.has(n));
  } finally {
    db.close();
  }
}

/**
 * Apply every pending migration to the database at `url`. Returns their names.
 * The database is checked first (owner-only files, integrity, writable, not
 * locked past the busy timeout), so a bad one fails with one clear line
 * (DatabaseCheckError) instead of the schema engine's trace; with nothing
 * pending the engine is not started at all.
 */
export async function migrate(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const provider = providerOfUrl(url);
  const timeout = busyTimeoutMs(CLI_BUSY_TIMEOUT_MS);
  if (provider === "sqlite") {
    const file = sqliteFile(url);
    checkSqliteDatabase(file, { busyTimeoutMs: timeout });
    if (unappliedMigrations(file, await migrationsList(provider)).length === 0) return [];
  } else {
    // Reachable, accepting us, writable (not a standby): one line otherwise.
    await checkPostgresDatabase(url);
  }
  const apply = async () => {
    const { engine, adapter, close } = await openEngine(url);
    try {
      const result = await engine.applyMigrations({ migrationsList: await migrationsList(provider), filters: filtersFor(provider) });
      return result.appliedMigrationNames;
    } catch (err) {
      const problem = storageProblem(err, provider);
      if (!problem) throw withAdapterError(err, adapter);
      const waited = problem.kind === "busy" ? ` (waited ${Math.round(timeout / 1000)} s)` : "";
      throw new DatabaseCheckError(`cannot migrate the database: ${describeStorageProblem(problem)}${waited}`, problem);
    } finally {
      await close();
    }
  };
  // Instances started together on one PostgreSQL migrate one after the other.
  return provider === "postgresql" ? withMigrationLock(url, apply) : apply();
}

/**
 * A database of `provider` with nothing in it, for replaying migrations:
 * a scratch SQLite file, or a scratch database on `pgServerUrl`.
 */
async function scratchDatabase(provider, pgServerUrl) {
  if (provider === "postgresql") return createScratchDatabase(pgServerUrl);
  const dir = await mkdtemp(path.join(os.tmpdir(), "debrief-diff-"));
  return { url: `file:${path.join(dir, "scratch.db")}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * SQL that takes `provider`'s checked-in migrations to schema.prisma ("" when
 * they agree). PostgreSQL needs a server to replay them on (`pgServerUrl`).
 */
export async function pendingSchemaSql(provider = "sqlite", pgServerUrl = undefined) {
  // Diffing from {tag: "migrations"} needs a shadow database, and the SQLite
  // adapter cannot run a multi-statement migration there. Applying the
  // migrations to a scratch database and diffing that gives the same SQL.
  const scratch = await scratchDatabase(provider, pgServerUrl);
  const { engine, schema, schemaPath, adapter, close } = await openEngine(scratch.url);
  try {
    await engine.applyMigrations({ migrationsList: await migrationsList(provider), filters: filtersFor(provider) });
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: root },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: filtersFor(provider),
    });
    return stripEmptyDiff(result.stdout ?? "");
  } catch (err) {
    throw withAdapterError(err, adapter);
  } finally {
    await close();
    await scratch.drop();
  }
}

/** pendingSchemaSql for every provider, on one PostgreSQL server. */
async function pendingSchemaSqlAll() {
  return withPostgresServer(async (pgServerUrl) => {
    const out = {};
    for (const provider of PROVIDERS) out[provider] = await pendingSchemaSql(provider, pgServerUrl);
    return out;
  });
}

// The engine reports driver errors as "External error id#N"; the details
// stay in the adapter's error registry.
function withAdapterError(err, adapter) {
  const id = /External error id#(\d+)/.exec(String(err?.message ?? err))?.[1];
  const inner = id === undefined ? undefined : adapter.errorRegistry.consumeError(Number(id));
  if (inner) err.message += `\nCaused by: ${inner.error?.stack ?? inner.error}`;
  return err;
}

function stripEmptyDiff(sql) {
  const meaningful = sql.split("\n").filter((l) => l.trim() && !l.trim().startsWith("--"));
  return meaningful.length ? sql : "";
}

/** Write the next migration of each provider whose migrations lag behind schema.prisma (same folder name in both). */
async function createMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: db.mjs diff <name> (lowercase, digits, _)");
  const pending = await pendingSchemaSqlAll();
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  for (const provider of PROVIDERS) {
    const { migrationsDir } = LAYOUT[provider];
    const where = path.relative(root, migrationsDir);
    if (!pending[provider]) {
      console.log(`schema.prisma and ${where} agree; nothing to write.`);
      continue;
    }
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), pending[provider]);
    const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
    if (!existsSync(lockfilePath)) {
      await writeFile(lockfilePath, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`);
    }
    console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  }
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  if (command === "migrate") {
    const applied = await migrate();
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (command === "diff") {
    await createMigration(arg);
  } else if (command === "check") {
    const pending = await pendingSchemaSqlAll();
    let agree = true;
    for (const provider of PROVIDERS) {
      const where = path.relative(root, LAYOUT[provider].migrationsDir);
      if (pending[provider]) {
        agree = false;
        console.error(`schema.prisma and ${where} (${provider}) disagree; run \`npm run db:diff -- <name>\`:\n${pending[provider]}`);
      } else {
        console.log(`schema.prisma and ${where} (${provider}) agree`);
      }
    }
    if (!agree) process.exit(1);
  } else {
    console.error("usage: node scripts/db.mjs migrate | diff <name> | check");
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    // A database that cannot be used is one line for the operator, not a trace.
    console.error(err instanceof DatabaseCheckError ? `debrief: ${err.message}` : (err?.message ?? err));
    process.exit(1);
  });
}

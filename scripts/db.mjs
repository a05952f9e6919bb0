#!/usr/bin/env node
// Database migrations without Prisma's native schema engine.
//
// The Prisma CLI downloads a native schema engine that cannot be fetched on
// offline build machines. The same engine ships as WebAssembly in
// @prisma/schema-engine-wasm; this script drives it through the same driver
// adapters the app uses, and records applied migrations in
// `_prisma_migrations` exactly as `prisma migrate deploy` does.
//
//   node scripts/db.mjs migrate          apply pending migrations
//   node scripts/db.mjs diff <name>      write the next migration from schema.prisma
//   node scripts/db.mjs check            exit 1 when schema.prisma and migrations disagree
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
import { describeStorageProblem, storageProblem } from "../lib/db/storage-errors.mjs";
import { SEARCH_TABLES } from "./search-tables.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaPath = path.join(root, "prisma", "schema.prisma");
const migrationsDir = path.join(root, "prisma", "migrations");
const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
const filters = { externalTables: SEARCH_TABLES, externalEnums: [] };
// A command run by hand (or `npm start` while a backup runs) may wait a while
// for another process's write lock; DEBRIEF_DB_BUSY_TIMEOUT_MS overrides.
const CLI_BUSY_TIMEOUT_MS = 30_000;

export const DEFAULT_DATABASE_URL = "file:./data/debrief.db";

/** The SQLite file path of a `file:` URL, relative to the project root. */
export function sqliteFilePath(url) {
  const rest = url.slice("file:".length);
  return path.isAbsolute(rest) ? rest : path.join(root, rest);
}

function adapterFactoryFor(url) {
  if (url.startsWith("file:")) {
    const file = sqliteFilePath(url);
    secureDatabaseFiles(file);
    return new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs(CLI_BUSY_TIMEOUT_MS) });
  }
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(":")[0]}`);
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
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const conn = await factory.connect();
      opened.push(conn);
      return conn;
    },
    connectToShadowDb: async () => {
      const conn = await factory.connectToShadowDb();
      opened.push(conn);
      return conn;
    },
  };
}

async function openEngine(url) {
  await loadWasm();
  const schema = await readFile(schemaPath, "utf8");
  const log = () => {};
  const opened = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(trackingFactory(adapterFactoryFor(url), opened));
  const engine = await bg.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  const close = async () => {
    engine.free();
    await Promise.all(opened.map((conn) => conn.dispose()));
  };
  return { engine, schema, adapter, close };
}

async function migrationsList() {
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
  const timeout = busyTimeoutMs(CLI_BUSY_TIMEOUT_MS);
  if (url.startsWith("file:")) {
    const file = sqliteFilePath(url);
    checkSqliteDatabase(file, { busyTimeoutMs: timeout });
    if (unappliedMigrations(file, await migrationsList()).length === 0) return [];
  }
  const { engine, close } = await openEngine(url);
  try {
    const result = await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    return result.appliedMigrationNames;
  } catch (err) {
    const problem = storageProblem(err);
    if (!problem) throw err;
    const waited = problem.kind === "busy" ? ` (waited ${Math.round(timeout / 1000)} s)` : "";
    throw new DatabaseCheckError(`cannot migrate the database: ${describeStorageProblem(problem)}${waited}`, problem);
  } finally {
    await close();
  }
}

/** SQL that takes the checked-in migrations to schema.prisma ("" when they agree). */
export async function pendingSchemaSql() {
  // Diffing from {tag: "migrations"} needs a shadow database, and the SQLite
  // adapter cannot run a multi-statement migration there. Applying the
  // migrations to a scratch file and diffing that database gives the same SQL.
  const scratch = await mkdtemp(path.join(os.tmpdir(), "debrief-diff-"));
  const url = `file:${path.join(scratch, "scratch.db")}`;
  const { engine, schema, adapter, close } = await openEngine(url);
  try {
    await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: root },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters,
    });
    return stripEmptyDiff(result.stdout ?? "");
  } catch (err) {
    throw withAdapterError(err, adapter);
  } finally {
    await close();
    await rm(scratch, { recursive: true, force: true });
  }
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

async function createMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: db.mjs diff <name> (lowercase, digits, _)");
  const sql = await pendingSchemaSql();
  if (!sql) {
    console.log("schema.prisma and prisma/migrations agree; nothing to write.");
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql);
  if (!existsSync(lockfilePath)) {
    await writeFile(lockfilePath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n');
  }
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  if (command === "migrate") {
    const applied = await migrate();
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (command === "diff") {
    await createMigration(arg);
  } else if (command === "check") {
    const sql = await pendingSchemaSql();
    if (sql) {
      console.error("schema.prisma and prisma/migrations disagree; run `npm run db:diff -- <name>`:\n" + sql);
      process.exit(1);
    }
    console.log("schema.prisma and prisma/migrations agree");
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

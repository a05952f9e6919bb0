// The PostgreSQL side of scripts/db.mjs: the schema engine's adapter, the
// lock that keeps two instances starting together from migrating at once,
// and scratch databases for db:check / db:diff.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { startTempPostgres } from "./pg-temp.mjs";
import { DatabaseCheckError } from "../lib/db/sqlite-files.mjs";
import { describeStorageProblem, storageProblem } from "../lib/db/storage-errors.mjs";

// The schema engine reads PostgreSQL's catalogs, where some columns have the
// internal one-byte type "char" (oid 18). @prisma/adapter-pg 7.10 has no
// mapping for it and fails the whole introspection ("Column type 'char'
// could not be deserialized"); pg already returns such values as strings, so
// they are reported as text (oid 25). Scripts only: the app never reads them.
const PG_CHAR = 18;
const PG_TEXT = 25;

function reportCharAsText(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
  }
  return result;
}

function patchCharColumns(pool) {
  pool.on("connect", (client) => {
    const query = client.query.bind(client);
    client.query = (...args) => {
      const last = args.at(-1);
      if (typeof last === "function") return query(...args.slice(0, -1), (err, res) => last(err, err ? res : reportCharAsText(res)));
      const out = query(...args);
      return out && typeof out.then === "function" ? out.then(reportCharAsText) : out;
    };
  });
  return pool;
}

/** The schema engine's adapter for a PostgreSQL URL (migrate, diff, check). */
export function postgresAdapterFactory(url) {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, application_name: "debrief-migrate" });
  pool.on("error", () => {});
  return new PrismaPg(patchCharColumns(pool), { disposeExternalPool: true });
}

/** The server and database of a URL, without user or password, for messages. */
export function describePostgresUrl(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

/**
 * Before the server starts (and before migrating): PostgreSQL answers, takes
 * our user and password, and accepts writes (not a standby). Throws a
 * DatabaseCheckError whose message is one line.
 */
export async function checkPostgresDatabase(url) {
  const where = describePostgresUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 10_000, application_name: "debrief-check" });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query("SELECT current_setting('transaction_read_only') AS read_only");
    if (rows[0]?.read_only === "on") {
      throw new DatabaseCheckError(`cannot use PostgreSQL at ${where}: ${describeStorageProblem({ kind: "readonly", code: "25006" })}`, { kind: "readonly", code: "25006" });
    }
  } catch (err) {
    if (err instanceof DatabaseCheckError) throw err;
    const problem = storageProblem(err, "postgresql");
    const why = problem ? describeStorageProblem(problem) : err instanceof Error ? err.message : String(err);
    throw new DatabaseCheckError(`cannot use PostgreSQL at ${where}: ${why}`, problem);
  } finally {
    await client.end().catch(() => {});
  }
}

// Any constant works; it only has to be the same for every instance.
const MIGRATION_LOCK = 7_204_512_311;

/**
 * Run `fn` while holding a session advisory lock on the database, so that
 * instances started together apply migrations one after the other (the
 * second finds nothing left to do). The lock goes with the connection if the
 * process dies.
 */
export async function withMigrationLock(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "debrief-migrate-lock" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end().catch(() => {});
  }
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Run `sql` on the server of `url` (connected to its own database). */
async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database on the server of `serverUrl` (which must allow
 * CREATE DATABASE). Returns its URL and drop().
 */
export async function createScratchDatabase(serverUrl, prefix = "debrief_scratch") {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  // The C locale, whatever the server's default: text sorts by code point and
  // case-insensitive matching folds ASCII only, exactly as on SQLite.
  await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * A PostgreSQL server to make scratch databases on: DEBRIEF_TEST_PG_URL, or
 * a temporary cluster started for the duration of `fn`.
 */
export async function withPostgresServer(fn) {
  const given = process.env.DEBRIEF_TEST_PG_URL;
  if (given) return fn(given);
  const temp = await startTempPostgres();
  try {
    return await fn(temp.url);
  } finally {
    temp.stop();
  }
}

// A throwaway PostgreSQL cluster for db:check/db:diff and the benchmark when
// no server is given (DEBRIEF_TEST_PG_URL). It uses the PostgreSQL server
// binaries on PATH (`initdb`, `pg_ctl`; Debian's postgresql-15), listens on
// 127.0.0.1 only with a socket in its own folder, trusts local connections
// (nothing else can reach it) and is deleted when stopped. PostgreSQL refuses
// to run as root, so under root it runs as the `postgres` user.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.mjs";

export function hasPostgresBinaries() {
  return spawnSync("initdb", ["--version"], { stdio: "ignore" }).status === 0;
}

function asPostgresUser(command, args) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Start a temporary cluster. Returns the URL of its `postgres` database (a
 * superuser, so callers may CREATE DATABASE) and stop(), which also deletes it.
 * `durable: false` turns fsync off (scratch databases for checks and tests);
 * the benchmark keeps PostgreSQL's durable defaults.
 */
export async function startTempPostgres({ durable = false } = {}) {
  if (!hasPostgresBinaries()) throw new Error("initdb is not on PATH: install PostgreSQL's server (apt-get install postgresql-15) or set DEBRIEF_TEST_PG_URL");
  const dir = mkdtempSync(path.join(os.tmpdir(), "debrief-pg-"));
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPostgresUser("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      /* already down */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${durable ? "" : " -c fsync=off"}`;
  const start = () => asPostgresUser("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  try {
    // C.UTF-8: text sorts by code point, as SQLite does.
    asPostgresUser("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--locale=C.UTF-8", "-E", "UTF8"]);
    start();
  } catch (err) {
    stop();
    throw new Error(`could not start a temporary PostgreSQL: ${err.stderr?.toString() || err.message}`);
  }
  process.once("exit", stop);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dataDir: data,
    stop,
    /** Shut the server down (fast: open connections are cut), keeping its data (outage tests). */
    pause: () => asPostgresUser("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    /** Start it again on the same port. */
    resume: start,
  };
}

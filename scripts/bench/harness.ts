// What the benchmarks share around their measurements: deterministic data,
// a temporary database the services point at, the production server on it,
// a timing loop, and how long the event loop stalled.
import { rmSync } from "node:fs";
import { closeDb } from "../../lib/db/client";
import { startTestServer, type TestServer } from "../../test/support/server";
import { createTempDatabase, type TestDbProvider } from "../../test/support/temp-db";

/** A deterministic pseudo-random sequence in [0, 1), so every run measures the same data. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

/**
 * A fresh temporary database (the test suite's store unless `provider` is
 * given) with DATABASE_URL pointing at it while `run` runs, so the services
 * and Prisma write there; afterwards Prisma is closed, DATABASE_URL is put
 * back and the database deleted.
 */
export async function withTempDatabase<T>(run: (db: { url: string; dir: string }) => Promise<T>, provider?: TestDbProvider): Promise<T> {
  const { url, dir } = await createTempDatabase(provider);
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    return await run({ url, dir });
  } finally {
    await closeDb();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The production server on `databaseUrl` while `run` runs; what it printed last is shown when `run` fails. */
export async function withServer<T>(opts: { databaseUrl: string; env?: Record<string, string> }, run: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer(opts);
  try {
    return await run(server);
  } catch (err) {
    console.error(server.output().slice(-3000));
    throw err;
  } finally {
    await server.dispose();
  }
}

/** Run `fn` `warmup + runs` times, one after another: the durations (ms) of the last `runs`. */
export async function sampleMs(runs: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    await fn(i);
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return samples;
}

/** GET with an API key, once more on a fresh socket if the server closed an idle keep-alive one just then. */
export async function getWithKey(url: string, key: string): Promise<Response> {
  const init = { headers: { authorization: `Bearer ${key}` } };
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/**
 * `run` beside a timer every `everyMs`: the longest gap between the timer's
 * turns is the longest the event loop was held, so how long a request to the
 * server could have waited.
 */
export async function longestStall<T>(run: () => Promise<T>, everyMs: number): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, everyMs);
  try {
    return { result: await run(), stallMs };
  } finally {
    clearInterval(timer);
  }
}

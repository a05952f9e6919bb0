import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../scripts/free-port.mjs";
import { createTempDatabase, providerOfTestUrl, TEST_AUTH_SECRET } from "./temp-db";
import { seedIdentities, type Identities } from "./identities";
import { jsonOrUndefined } from "./json-body";

const root = path.resolve(__dirname, "../..");

export { freePort };

export type TestServer = Identities & {
  url: string;
  port: number;
  databaseUrl: string;
  /** Stop the server process (the database stays). */
  stop(): Promise<void>;
  /** Kill the server process at once (SIGKILL: no shutdown, no flush). */
  kill(): Promise<void>;
  /** The server's process id while it runs. */
  pid(): number | undefined;
  /** Start it again on the same port and database. */
  start(): Promise<void>;
  /** Stop and delete the database. */
  dispose(): Promise<void>;
  /** What the server printed, for debugging failures. */
  output(): string;
};

/**
 * Wait until `child` itself says it listens ("Debrief ready", printed in its
 * listen callback), then until it answers health. Polling the port alone is
 * not enough: a free port picked by the OS can be handed to two test files
 * at once, and the health check would then be answered by the other file's
 * server (with its own database and keys) while ours failed to bind.
 */
async function waitForHealth(url: string, child: ChildProcess, ready: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with code ${child.exitCode ?? child.signalCode}`);
    if (ready()) {
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) return;
      } catch {
        /* not up yet */
      }
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server at ${url} did not become healthy in ${timeoutMs} ms`);
}

/**
 * Start the production server (server.ts over the `next build` output) on a
 * free loopback port with a fresh temporary database (SQLite, or PostgreSQL
 * when DEBRIEF_TEST_DB=postgresql) or on `databaseUrl`. Requires `next build`
 * to have run; NEXT_DIST_DIR picks the build folder.
 */
export async function startTestServer(
  opts: {
    env?: Record<string, string>;
    databaseUrl?: string;
    /** false: no users or keys (a fresh install). */
    seed?: boolean;
    /** Users and keys already made on `databaseUrl` (a second instance of one database). */
    identities?: Identities;
  } = {},
): Promise<TestServer> {
  // An existing database is the caller's to remove; a temp one is ours.
  const temp = opts.databaseUrl ? undefined : await createTempDatabase();
  const databaseUrl = opts.databaseUrl ?? temp?.url ?? "";
  // A user and an API key per role; the first ones made on an existing database.
  const identities: Identities =
    opts.identities ??
    (opts.seed === false ? { keys: {} as Identities["keys"], users: {} as Identities["users"] } : await seedIdentities(databaseUrl));
  // PostgreSQL refuses to start without a configured session secret; every
  // instance of one database shares it.
  const secretEnv: Record<string, string> = providerOfTestUrl(databaseUrl) === "postgresql" ? { BETTER_AUTH_SECRET: TEST_AUTH_SECRET } : {};
  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = "";

  async function start() {
    log += `--- start ${new Date().toISOString()}\n`;
    let said = "";
    // The same server `npm start` runs (server.ts), without the migrate step;
    // tsx as a loader rather than its CLI, so that the server is this child
    // process itself (kill() must reach it, not a wrapper).
    child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: root,
      // NODE_ENV as `npm start` runs it (Next.js makes it "production"), not
      // the test runner's "test", which libraries read at run time.
      env: { ...process.env, NODE_ENV: "production", ...secretEnv, ...opts.env, TSX_TSCONFIG_PATH: "tsconfig.server.json", DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => {
      log += d;
      said += d;
    });
    child.stderr?.on("data", (d) => (log += d));
    await waitForHealth(url, child, () => said.includes("Debrief ready on"));
  }

  /** Send the running server `signal` and wait until it has exited; a SIGTERM it ignores for 5 s is followed by a SIGKILL. */
  async function end(signal: "SIGTERM" | "SIGKILL") {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill(signal);
      if (signal === "SIGTERM") setTimeout(() => c.kill("SIGKILL"), 5000).unref();
    });
  }
  const stop = () => end("SIGTERM");
  const kill = () => end("SIGKILL");

  try {
    // The port was free when picked but may be taken before our server binds
    // it (another file's server, or an outgoing connection): pick another.
    for (let attempt = 1; ; attempt++) {
      try {
        await start();
        break;
      } catch (err) {
        if (attempt >= 5 || !/is already in use|EADDRINUSE/.test(log)) throw err;
        port = await freePort();
        url = `http://127.0.0.1:${port}`;
      }
    }
  } catch (err) {
    await temp?.dispose();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server output:\n${log}`);
  }
  return {
    ...identities,
    url,
    port,
    databaseUrl,
    start,
    stop,
    kill,
    pid: () => child?.pid,
    async dispose() {
      await stop();
      await temp?.dispose();
    },
    output: () => log,
  };
}

/**
 * JSON request helper for API tests. Sends the admin API key unless
 * `headers.authorization` is given ("" sends none: an anonymous request).
 */
export async function api(
  server: { url: string; keys?: Identities["keys"] },
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const { authorization, ...rest } = headers;
  const auth = authorization ?? (server.keys?.admin ? `Bearer ${server.keys.admin}` : "");
  const init: RequestInit = { method, headers: { ...rest, ...(auth ? { authorization: auth } : {}) } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const res = await fetch(`${server.url}${pathname}`, init);
  const text = await res.text();
  return { status: res.status, json: jsonOrUndefined(text), text, headers: res.headers };
}

/** `fetch` with the admin API key (or another role's), for raw responses (streams, downloads). */
export function authedFetch(
  server: { url: string; keys: Identities["keys"] },
  pathname: string,
  init: RequestInit = {},
  role: keyof Identities["keys"] = "admin",
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${server.keys[role]}`);
  return fetch(`${server.url}${pathname}`, { ...init, headers });
}

/**
 * Start server.ts on its own (no health wait), stop it as soon as it says it
 * is ready, and resolve with its exit code and everything it printed: for
 * tests of what happens at start-up.
 */
export function runServerOnce(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", "tsconfig.server.json", "server.ts"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", HOSTNAME: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes("Debrief ready")) child.kill("SIGTERM");
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

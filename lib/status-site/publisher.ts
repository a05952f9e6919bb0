import "server-only";
import { getDb } from "../db/client";
import { liveBus, type LiveMessage } from "../live/bus";
import { buildStatusSite } from "./build";
import { RenderCache } from "./content";
import { runStatusCommand } from "./command";
import type { StatusSiteConfig } from "./config";
import { writeSiteAtomically, writtenHash } from "./write";

/** A change is written this long after the last one of a burst… */
const DEBOUNCE_MS = 1_000;
/** …but never later than this after the first, however long the burst lasts. */
const MAX_WAIT_MS = 4_000;
/**
 * A rebuild this often regardless: incidents leave the 90-day window with
 * time, and a failed push is retried. An unchanged site is neither rewritten
 * nor pushed again.
 */
const REFRESH_MS = 10 * 60_000;

export type StatusPublisher = {
  /** Rebuild now (after any build in progress); resolves when written and pushed. */
  rebuild(): Promise<void>;
  stop(): void;
};

/**
 * Keeps DEBRIEF_STATUS_DIR in step with the data while the server runs.
 *
 * The trigger is one process-wide listener on the live bus, chosen over
 * polling a fingerprint of the tables: every committed change that viewers
 * see already passes through the bus (entries created, edited, deleted,
 * restored or made public/internal; incident status, title and services;
 * postmortem status, content and action items; incident deletion), so the site follows
 * within seconds at no cost while nothing changes, and needs no index or
 * query that would grow with the data. On PostgreSQL the bus fans out
 * through LISTEN/NOTIFY, so `subscribeAll` receives the changes made on
 * every instance; only the instance holding the status-site lease builds
 * (lib/db/leader.ts). The periodic refresh covers anything that reaches
 * the database without a message (a restore, another tool).
 *
 * Builds run one at a time; changes during a build start one more after it.
 */
export function startStatusPublisher(config: StatusSiteConfig & { dir: string }): StatusPublisher {
  const cache = new RenderCache();
  let shownUpdates = new Set<string>();
  let pushedHash: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstRequestAt: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const waiters: (() => void)[] = [];

  async function buildWriteAndPush(): Promise<void> {
    const started = Date.now();
    const db = await getDb();
    const site = await buildStatusSite({ db, now: new Date(), options: { title: config.title, baseUrl: config.baseUrl }, cache });
    shownUpdates = site.updateIds;
    const unchanged = (await writtenHash(config.dir)) === site.hash;
    if (!unchanged) {
      await writeSiteAtomically(config.dir, site.files, site.hash);
      console.log(`[debrief] status site: wrote ${site.files.size} files (${site.incidents} incidents, ${site.updates} updates) to ${config.dir} in ${Date.now() - started} ms`);
    }
    if (!config.command || pushedHash === site.hash) return;
    const result = await runStatusCommand(config.command, config.dir, config.commandTimeoutMs);
    if (result.ok) {
      pushedHash = site.hash;
      console.log(`[debrief] status site: DEBRIEF_STATUS_COMMAND finished in ${result.durationMs} ms`);
    } else {
      const why = result.timedOut ? `timed out after ${config.commandTimeoutMs} ms` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
      console.error(`[debrief] status site: DEBRIEF_STATUS_COMMAND ${why}; it is tried again on the next change or within ${REFRESH_MS / 60_000} minutes.${result.output ? `\n${result.output}` : ""}`);
    }
  }

  function run(): void {
    timer = undefined;
    firstRequestAt = null;
    if (running) {
      again = true;
      return;
    }
    const done = waiters.splice(0);
    running = buildWriteAndPush()
      .catch((err: unknown) => console.error("[debrief] status site: the rebuild failed; it is tried again on the next change:", err))
      .finally(() => {
        running = null;
        for (const resolve of done) resolve();
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  }

  function schedule(): void {
    if (stopped) return;
    const now = Date.now();
    firstRequestAt ??= now;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(DEBOUNCE_MS, firstRequestAt + MAX_WAIT_MS - now)));
  }

  /** Internal entries the site never showed cannot change it; everything else may. */
  function matters(message: LiveMessage): boolean {
    // Roles never appear on the site.
    if (message.type === "roles") return false;
    if (message.type !== "event") return true;
    return message.event.visibility === "public" || shownUpdates.has(message.event.id);
  }

  const unsubscribe = liveBus().subscribeAll(
    (_incidentId, message) => {
      try {
        if (matters(message)) schedule();
      } catch (err) {
        console.error("[debrief] status site: ignoring a live message:", err);
      }
    },
    // Messages from other instances may have been missed (PostgreSQL's
    // connection dropped): rebuild from the data.
    { onGap: schedule },
  );
  const refresh = setInterval(schedule, REFRESH_MS);
  refresh.unref();
  run();

  return {
    rebuild() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        clearTimeout(timer);
        run();
      });
    },
    stop() {
      stopped = true;
      unsubscribe();
      clearInterval(refresh);
      clearTimeout(timer);
    },
  };
}

import "server-only";
import { holdLease, type Lease } from "../db/lease";
import { AppError } from "../errors";
import { statusSiteConfig } from "./config";
import { startStatusPublisher, type StatusPublisher } from "./publisher";

/**
 * Start keeping DEBRIEF_STATUS_DIR current, if it is set. A bad setting is
 * reported and the server runs on without the status site: the incident
 * tool must not go down over its status page. Several instances on one
 * PostgreSQL database build and push it once: only the instance holding the
 * status-site lease runs the publisher (lib/db/lease.ts); it hears every
 * instance's changes through the LISTEN/NOTIFY live bus.
 */
export function startStatusSiteFromEnv(env: Record<string, string | undefined> = process.env): Lease | null {
  let config;
  try {
    config = statusSiteConfig(env);
  } catch (err) {
    const issues = err instanceof AppError ? err.issues.map((i) => `\n  ${i.path}: ${i.message}`).join("") : "";
    console.error(`[debrief] status site: not started, a setting is invalid${issues || `: ${String(err)}`}`);
    return null;
  }
  if (!config.dir) {
    if (config.command) console.error("[debrief] status site: DEBRIEF_STATUS_COMMAND is set but DEBRIEF_STATUS_DIR is not; nothing is written or run");
    return null;
  }
  const dir = config.dir;
  let publisher: StatusPublisher | null = null;
  return holdLease("statusSite", {
    onAcquired() {
      console.log(`[debrief] status site: keeping ${dir} up to date${config.command ? ", then running DEBRIEF_STATUS_COMMAND" : ""}`);
      publisher = startStatusPublisher({ ...config, dir });
    },
    onLost() {
      publisher?.stop();
      publisher = null;
    },
  });
}

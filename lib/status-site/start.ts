import "server-only";
import { AppError } from "../errors";
import { statusSiteConfig } from "./config";
import { startStatusPublisher, type StatusPublisher } from "./publisher";

/**
 * Start keeping DEBRIEF_STATUS_DIR current, if it is set. A bad setting is
 * reported and the server runs on without the status site: the incident
 * tool must not go down over its status page.
 */
export function startStatusSiteFromEnv(env: Record<string, string | undefined> = process.env): StatusPublisher | null {
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
  console.log(`[debrief] status site: keeping ${config.dir} up to date${config.command ? ", then running DEBRIEF_STATUS_COMMAND" : ""}`);
  return startStatusPublisher({ ...config, dir: config.dir });
}

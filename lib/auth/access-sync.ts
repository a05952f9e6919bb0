import "server-only";
import { getDb } from "../db/client";
import { dbProvider } from "../db/dialect";
import { liveBus } from "../live/bus";
import { accessChangePayload, LIVE_CHANNEL } from "../timeline/pg-live-bus";
import { forgetApiKeyCacheHere } from "./api-keys";
import { checkLiveStreamsNow } from "./live-access";

// Verified API keys are cached for seconds on each instance, and live
// streams are checked against the database twice a second. When a key is
// revoked, a role lowered or an account deactivated, the instance that made
// the change drops its cache at once; on PostgreSQL it also tells every
// other instance (a NOTIFY on the live channel), so a revocation takes
// effect everywhere at once, not after the cache's lifetime.

/** Tell the other instances that access changed (after the change has committed). */
export async function announceAccessChange(): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  const db = await getDb();
  await db.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${accessChangePayload()})`;
}

/** server.ts: drop this instance's caches when another one announces a change. */
export function startAccessSync(): () => void {
  return liveBus().onAccessChange(() => {
    forgetApiKeyCacheHere();
    void checkLiveStreamsNow();
  });
}

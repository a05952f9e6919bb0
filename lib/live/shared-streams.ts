import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db/client";
import { credentialKey, tooManyStreams, type StreamOwner } from "./stream-registry";

// The live-stream caps across every instance on one PostgreSQL database.
// The in-process registry (stream-registry.ts) still counts and closes this
// instance's streams; this adds one row per open stream in `live_stream`,
// admitted under transaction-scoped advisory locks on the credential and the
// user, so that two instances opening at once cannot both pass the cap.
// Each instance keeps `seenAt` fresh on its own rows while it holds any; the
// rows of an instance killed without a goodbye stop counting once stale.

/** A row not refreshed for this long is of an instance that is gone. */
const STALE_MS = 30_000;
const REFRESH_MS = 10_000;
/** Any constant: the key space of these advisory locks. */
const LOCK_SEED = 7_204_512_330;

export type Caps = { maxPerCredential: number; maxPerUser: number };

class SharedStreams {
  /** This process among the instances. */
  readonly instance = randomUUID();
  private held = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Count a stream against the caps of every instance; throws a 429 AppError when over one. Returns release(). */
  async admit(owner: StreamOwner, caps: Caps): Promise<() => void> {
    const credential = credentialKey(owner.credential);
    const id = randomUUID();
    const db = await getDb();
    await db.$transaction(async (tx) => {
      const keys = [credential, ...(owner.userId ? [`user:${owner.userId}`] : [])].sort();
      // In sorted order, so two admissions never wait on each other crosswise.
      for (const key of keys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, ${LOCK_SEED}::bigint))`;
      const fresh = new Date(Date.now() - STALE_MS);
      const perCredential = await tx.liveStream.count({ where: { credential, seenAt: { gt: fresh } } });
      if (perCredential >= caps.maxPerCredential) throw tooManyStreams(owner, "credential", caps.maxPerCredential);
      if (owner.userId) {
        const perUser = await tx.liveStream.count({ where: { userId: owner.userId, seenAt: { gt: fresh } } });
        if (perUser >= caps.maxPerUser) throw tooManyStreams(owner, "user", caps.maxPerUser);
      }
      await tx.liveStream.create({ data: { id, instance: this.instance, credential, userId: owner.userId, seenAt: new Date() } });
    });
    this.held++;
    this.startRefreshing();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      if (this.held === 0) this.stopRefreshing();
      void db.liveStream.delete({ where: { id } }).catch((err: unknown) => {
        // Not counted for long anyway: it goes stale.
        console.error("[debrief] live streams: could not remove a closed stream's row:", err instanceof Error ? err.message : err);
      });
    };
  }

  private startRefreshing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  private stopRefreshing(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    try {
      const db = await getDb();
      const now = Date.now();
      await db.liveStream.updateMany({ where: { instance: this.instance }, data: { seenAt: new Date(now) } });
      // Rows of instances that are gone: any instance may sweep them.
      await db.liveStream.deleteMany({ where: { seenAt: { lt: new Date(now - 2 * STALE_MS) } } });
    } catch (err) {
      console.error("[debrief] live streams: could not refresh this instance's streams:", err instanceof Error ? err.message : err);
    }
  }
}

/** The process's shared counter (Next.js may load this module more than once). */
export function sharedStreams(): SharedStreams {
  const g = globalThis as unknown as { __debriefSharedStreams?: SharedStreams };
  g.__debriefSharedStreams ??= new SharedStreams();
  return g.__debriefSharedStreams;
}

import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../db/client";
import { dbProvider } from "../db/dialect";
import { AppError } from "../errors";
import { sharedLimiter } from "./rate-limit";

// Attempt limits of the password endpoints Debrief answers itself (setup,
// own password change). One instance (SQLite) counts in memory; several on
// one PostgreSQL database count together in the rateLimit table that
// better-auth's sign-in limits use (keys prefixed "debrief:", which its own
// never are), one atomic upsert per attempt.

export type AttemptWindow = { max: number; windowMs: number };

/** Rows this old are of no window any more; swept now and then. */
const SWEEP_OLDER_THAN_MS = 24 * 60 * 60_000;

function tooMany(what: string, seconds: number): AppError {
  return new AppError("rate_limited", `Too many ${what}; try again in ${seconds} s`, { details: { retryAfterSeconds: seconds } });
}

/** Count one attempt of `name` by `key`; throws a 429 AppError once over the window's limit. */
export async function consumeAttempt(name: string, window: AttemptWindow, key: string, what: string): Promise<void> {
  if (dbProvider() !== "postgresql") return sharedLimiter(name, window).consume(key, what);
  const db = await getDb();
  const now = Date.now();
  const start = BigInt(now - window.windowMs);
  // lastRequest holds the start of the key's current window.
  const rows = await db.$queryRaw<Array<{ count: number; lastRequest: bigint }>>`
    INSERT INTO "rateLimit" ("id", "key", "count", "lastRequest") VALUES (${randomUUID()}, ${`debrief:${name}:${key}`}, 1, ${BigInt(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "rateLimit"."lastRequest" <= ${start} THEN 1 ELSE "rateLimit"."count" + 1 END,
      "lastRequest" = CASE WHEN "rateLimit"."lastRequest" <= ${start} THEN ${BigInt(now)} ELSE "rateLimit"."lastRequest" END
    RETURNING "count", "lastRequest"`;
  if (Math.random() < 0.01) {
    void db.$executeRaw`DELETE FROM "rateLimit" WHERE "lastRequest" < ${BigInt(now - SWEEP_OLDER_THAN_MS)}`.catch(() => {});
  }
  const row = rows[0];
  if (row && Number(row.count) > window.max) {
    throw tooMany(what, Math.max(1, Math.ceil((Number(row.lastRequest) + window.windowMs - now) / 1000)));
  }
}

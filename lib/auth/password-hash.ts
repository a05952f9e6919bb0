import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import os from "node:os";
import { FairQueue } from "./fair-queue";

/**
 * Password hashes exactly as better-auth makes them by default (scrypt,
 * N=16384, r=16, p=1, 64-byte key, NFKC-normalised password, a 16-byte hex
 * salt used as its hex text, stored as "salt:key" in hex), so every hash
 * already stored keeps verifying.
 *
 * What better-auth lacks is a bound: each hash takes ~90 ms of a core and
 * 32 MB, and a flood of sign-in or setup requests would start them all at
 * once, filling libuv's thread pool (which file I/O shares) and the memory,
 * and putting a real user's sign-in behind all of them. Here they run on the
 * thread pool (node:crypto's async scrypt) at most a few at a time, queued
 * per account, and no account's flood can take every slot (see hashQueue).
 */
const SCRYPT = { N: 16384, r: 16, p: 1, keyLength: 64 } as const;
const MAXMEM = 128 * SCRYPT.N * SCRYPT.r * 2;

function deriveKey(password: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Who waits behind whom. Checks of a stored hash queue per account (its
 * salt), so a flood of wrong passwords for one account, or of made-up
 * emails, leaves every other account's sign-in one turn from the front.
 */
export type HashQueueKey = "new-password" | "unknown-account" | `account:${string}`;

const globalForHash = globalThis as unknown as { __debriefHashQueue?: FairQueue };

/** One queue per process (server.ts and the Next.js bundles share it). */
export function hashQueue(): FairQueue {
  // At least 2 slots, so that one is always free of any one key's flood;
  // at most 3 of libuv's 4 pool threads (file I/O needs one).
  const slots = Math.min(Math.max(os.availableParallelism(), 2), 3);
  globalForHash.__debriefHashQueue ??= new FairQueue({
    concurrency: slots,
    // Any one account (or all unknown accounts together) gets all slots but one.
    maxRunningPerKey: slots - 1,
    maxWaitingPerKey: 64,
    maxWaiting: 512,
  });
  return globalForHash.__debriefHashQueue;
}

/** A new "salt:key" hash. Throws QueueFullError when too much is waiting. */
export async function hashPassword(password: string, queueKey: HashQueueKey = "new-password"): Promise<string> {
  const salt = randomBytes(16).toString("hex");
  const key = await hashQueue().run(queueKey, () => deriveKey(password, salt));
  return `${salt}:${key.toString("hex")}`;
}

/** Whether `password` matches a stored "salt:key" hash (false for a malformed hash). */
export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [salt, keyHex, extra] = hash.split(":");
  if (!salt || !keyHex || extra !== undefined || !/^[0-9a-f]+$/i.test(keyHex) || keyHex.length !== SCRYPT.keyLength * 2) return false;
  const stored = Buffer.from(keyHex, "hex");
  const derived = await hashQueue().run(`account:${salt}`, () => deriveKey(password, salt));
  return timingSafeEqual(derived, stored);
}

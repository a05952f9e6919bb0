import "server-only";
import { getDb } from "../db/client";
import { dbProvider } from "../db/dialect";
import { sharedStreams } from "../live/shared-streams";
import { StreamRegistry, type StreamLease, type StreamOwner, type Role } from "../live/stream-registry";
import { effectiveKeyRole } from "./key-role";
import { isRole, type Actor } from "./actor";

/**
 * Who may keep a live stream open: the access policy for
 * lib/live/stream-registry.ts. A stream is held by the session or API key
 * that opened it and ends when that credential stops granting its role.
 */
export const MAX_STREAMS_PER_CREDENTIAL = 20;
export const MAX_STREAMS_PER_USER = 60;
// Revocations made through Debrief's own services close streams at once;
// this catches the rest (better-auth's sign-out, expiry, another instance).
const CHECK_EVERY_MS = 500;
const IN_CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}

async function currentRoles(credentials: StreamOwner["credential"][]): Promise<Map<string, Role | null>> {
  const db = await getDb();
  const result = new Map<string, Role | null>();
  const sessionIds = credentials.filter((c) => c.kind === "session").map((c) => c.id);
  const keyIds = credentials.filter((c) => c.kind === "api_key").map((c) => c.id);
  for (const ids of chunks(sessionIds)) {
    const rows = await db.session.findMany({ where: { id: { in: ids } }, select: { id: true, expiresAt: true, user: { select: { role: true, banned: true } } } });
    const now = Date.now();
    for (const id of ids) result.set(`session:${id}`, null);
    for (const r of rows) {
      const alive = r.expiresAt.getTime() > now && !r.user.banned;
      result.set(`session:${r.id}`, alive && isRole(r.user.role) ? r.user.role : null);
    }
  }
  for (const ids of chunks(keyIds)) {
    const rows = await db.apiKey.findMany({ where: { id: { in: ids } }, include: { user: { select: { role: true, banned: true } } } });
    for (const id of ids) result.set(`api_key:${id}`, null);
    for (const r of rows) result.set(`api_key:${r.id}`, effectiveKeyRole(r, r.user));
  }
  return result;
}

function registry(): StreamRegistry {
  const g = globalThis as unknown as { __debriefLiveStreams?: StreamRegistry };
  g.__debriefLiveStreams ??= new StreamRegistry({
    maxPerCredential: MAX_STREAMS_PER_CREDENTIAL,
    maxPerUser: MAX_STREAMS_PER_USER,
    checkEveryMs: CHECK_EVERY_MS,
    check: currentRoles,
  });
  return g.__debriefLiveStreams;
}

/**
 * Register a live stream opened by `actor`; throws a 429 AppError over the
 * caps. On PostgreSQL the caps count the streams of every instance.
 */
export async function openLiveStream(actor: Actor, close: (reason: string) => void): Promise<StreamLease> {
  const credential = actor.credential;
  const owner: StreamOwner = credential
    ? { credential: { kind: credential.kind, id: credential.id }, userId: credential.userId, role: actor.role }
    : // Not from HTTP (tests calling the route directly): held by the actor itself.
      { credential: { kind: actor.kind === "api_key" ? "api_key" : "session", id: actor.id }, userId: actor.kind === "user" ? actor.id : null, role: actor.role };
  const local = registry().open(owner, close);
  if (dbProvider() !== "postgresql") return local;
  let releaseShared: () => void;
  try {
    releaseShared = await sharedStreams().admit(owner, { maxPerCredential: MAX_STREAMS_PER_CREDENTIAL, maxPerUser: MAX_STREAMS_PER_USER });
  } catch (err) {
    local.release();
    throw err;
  }
  return {
    release() {
      local.release();
      releaseShared();
    },
  };
}

/** Check every open stream's right to stay open now (another instance changed access). */
export function checkLiveStreamsNow(): Promise<void> {
  return registry().checkNow();
}

/** Close the live streams of a user (every session and personal key) or of one credential. */
export function closeLiveStreams(match: { userId?: string; credential?: StreamOwner["credential"] }, reason: string): number {
  return registry().close(match, reason);
}

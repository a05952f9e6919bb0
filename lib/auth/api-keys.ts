import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getDb } from "../db/client";
import { AppError, notFound, parseInput } from "../errors";
import { writeAudit } from "../audit/write";
import { authorize } from "./authorize";
import { roleAtLeast } from "./capabilities";
import { personIdOf, type Actor, type Role } from "./actor";
import { effectiveKeyRole } from "./key-role";
import { closeLiveStreams } from "./live-access";
import { ZCreateApiKey } from "./schemas";

// API keys are bearer secrets for scripts and bots: 32 random bytes, shown
// once, stored only as a SHA-256 hash (a slow hash buys nothing for 256 bits
// of randomness and would cost every API request).
//
// A key acts for the person who made it: never with more than their current
// role, and not at all while they are deactivated. A service key belongs to
// no one and keeps its own role; admins make those for bots that must outlive
// any one person's account (and the command line makes only those).
const KEY_PREFIX = "dbf_";

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export type ApiKeyDto = {
  id: string;
  name: string;
  /** The role it was made with. */
  role: string;
  /** The role it acts with now: at most its owner's; null while it cannot act (revoked, owner deactivated or gone). */
  effectiveRole: Role | null;
  /** "personal": bound to `ownerId`; "service": bound to no one. */
  kind: "personal" | "service";
  ownerId: string | null;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The owner's name (personal keys). */
  createdBy: string | null;
};

type KeyRow = {
  id: string;
  name: string;
  role: string;
  service: boolean;
  userId: string | null;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};
type OwnerRow = { name: string; role: string; banned: boolean } | null;

function toDto(row: KeyRow, owner: OwnerRow): ApiKeyDto {
  const { id, name, role, prefix, createdAt, lastUsedAt, revokedAt } = row;
  return {
    id,
    name,
    role,
    effectiveRole: effectiveKeyRole(row, owner),
    kind: row.service ? "service" : "personal",
    ownerId: row.service ? null : row.userId,
    prefix,
    createdAt,
    lastUsedAt,
    revokedAt,
    createdBy: row.service ? null : (owner?.name ?? null),
  };
}

/** The person a new key made by `actor` acts for: the user, or the owner of the key they use. */
const personOf = personIdOf;

export async function createApiKey({ input, actor }: { input: unknown; actor: Actor }): Promise<{ key: string; apiKey: ApiKeyDto }> {
  authorize(actor, "api_keys.manage");
  const { name, role, service: asService } = parseInput(ZCreateApiKey, input);
  const ownerId = personOf(actor);
  // No person behind the request (a shell, a service key): only a service key can be made.
  const service = asService || ownerId === null;
  if (!service && !roleAtLeast(actor.role, role)) {
    throw new AppError("validation_failed", `A personal key may not have more than your own role (${actor.role})`, {
      issues: [{ path: "role", message: `must not exceed your role (${actor.role})` }],
    });
  }
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const db = await getDb();
  const { row, owner } = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name, role, service, keyHash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6), userId: service ? null : ownerId },
    });
    await writeAudit(tx, actor, { entity: "api_key", entityId: created.id, action: "create", after: { name, role, kind: service ? "service" : "personal" } });
    const owner = created.userId ? await tx.user.findUnique({ where: { id: created.userId }, select: { name: true, role: true, banned: true } }) : null;
    return { row: created, owner };
  });
  return { key, apiKey: toDto(row, owner) };
}

export async function listApiKeys({ actor }: { actor: Actor }): Promise<ApiKeyDto[]> {
  authorize(actor, "api_keys.manage");
  const db = await getDb();
  const rows = await db.apiKey.findMany({ orderBy: { createdAt: "desc" }, include: { user: { select: { name: true, role: true, banned: true } } } });
  return rows.map((r) => toDto(r, r.user));
}

export async function revokeApiKey({ id, actor }: { id: string; actor: Actor }): Promise<ApiKeyDto> {
  authorize(actor, "api_keys.manage");
  const db = await getDb();
  const { row, owner } = await db.$transaction(async (tx) => {
    const found = await tx.apiKey.findUnique({ where: { id }, include: { user: { select: { name: true, role: true, banned: true } } } });
    if (!found) throw notFound("API key");
    const revoked = found.revokedAt ? found : await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { entity: "api_key", entityId: id, action: "revoke", after: { name: found.name } });
    return { row: revoked, owner: found.user };
  });
  forgetApiKeyCache();
  closeLiveStreams({ credential: { kind: "api_key", id } }, "API key revoked");
  return toDto(row, owner);
}

// Verified keys are cached briefly so the hot write path does not look a
// key up on every request. Every change to a key or to a user's role or
// standing clears the cache (forgetApiKeyCache): of this process at once,
// and of every other instance on the same PostgreSQL database as soon as
// the announcement reaches it (lib/auth/access-sync.ts); the TTL bounds it
// if that announcement is lost.
const CACHE_TTL_MS = 15_000;
type Cached = { actor: Actor | null; expires: number };
type KeyCache = { entries: Map<string, Cached>; generation: number };
const globalForKeys = globalThis as unknown as { __debriefKeyCache?: KeyCache };
function keyCache(): KeyCache {
  globalForKeys.__debriefKeyCache ??= { entries: new Map(), generation: 0 };
  return globalForKeys.__debriefKeyCache;
}

/** Drop this process's cached keys (another instance announced a change). */
export function forgetApiKeyCacheHere(): void {
  const cache = keyCache();
  cache.entries.clear();
  // A lookup that read the database before this change must not cache what it read.
  cache.generation++;
}

/**
 * Drop every cached key, here and on every other instance: call after
 * revoking a key or changing a user's role or standing.
 */
export function forgetApiKeyCache(): void {
  forgetApiKeyCacheHere();
  // Imported late: access-sync imports this module.
  void import("./access-sync")
    .then(({ announceAccessChange }) => announceAccessChange())
    .catch((err: unknown) => console.error("[debrief] could not tell the other instances about an access change:", err instanceof Error ? err.message : err));
}

/** The actor of a bearer key, or null when the key is unknown, revoked or its owner may not act. */
export async function actorForApiKey(key: string): Promise<Actor | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const hash = hashKey(key);
  const cache = keyCache();
  const now = Date.now();
  const hit = cache.entries.get(hash);
  if (hit && hit.expires > now) return hit.actor;
  const generation = cache.generation;
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { keyHash: hash }, include: { user: { select: { role: true, banned: true } } } });
  const role = row ? effectiveKeyRole(row, row.user) : null;
  const actor: Actor | null =
    row && role
      ? {
          id: `key:${row.id}`,
          name: `${row.name} (API key)`,
          role,
          kind: "api_key",
          credential: { kind: "api_key", id: row.id, userId: row.service ? null : row.userId },
        }
      : null;
  if (row && actor) await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  if (cache.generation !== generation) return actor;
  if (cache.entries.size > 1000) cache.entries.clear();
  cache.entries.set(hash, { actor, expires: now + CACHE_TTL_MS });
  return actor;
}

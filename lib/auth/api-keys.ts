import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getDb } from "../db/client";
import { notFound, parseInput } from "../errors";
import { writeAudit } from "../audit";
import { authorize } from "./authorize";
import { isRole, type Actor } from "./actor";
import { ZCreateApiKey } from "./schemas";

// API keys are bearer secrets for scripts and bots: 32 random bytes, shown
// once, stored only as a SHA-256 hash (a slow hash buys nothing for 256 bits
// of randomness and would cost every API request).
const KEY_PREFIX = "dbf_";

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export type ApiKeyDto = { id: string; name: string; role: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdBy: string | null };

export async function createApiKey({ input, actor }: { input: unknown; actor: Actor }): Promise<{ key: string; apiKey: ApiKeyDto }> {
  authorize(actor, "admin");
  const { name, role } = parseInput(ZCreateApiKey, input);
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name, role, keyHash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6), userId: actor.kind === "user" ? actor.id : null },
    });
    await writeAudit(tx, actor, { entity: "api_key", entityId: created.id, action: "create", after: { name, role } });
    return created;
  });
  return { key, apiKey: toDto(row, actor.kind === "user" ? actor.name : null) };
}

function toDto(row: { id: string; name: string; role: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }, createdBy: string | null): ApiKeyDto {
  const { id, name, role, prefix, createdAt, lastUsedAt, revokedAt } = row;
  return { id, name, role, prefix, createdAt, lastUsedAt, revokedAt, createdBy };
}

export async function listApiKeys({ actor }: { actor: Actor }): Promise<ApiKeyDto[]> {
  authorize(actor, "admin");
  const db = await getDb();
  const rows = await db.apiKey.findMany({ orderBy: { createdAt: "desc" }, include: { user: { select: { name: true } } } });
  return rows.map((r) => toDto(r, r.user?.name ?? null));
}

export async function revokeApiKey({ id, actor }: { id: string; actor: Actor }): Promise<ApiKeyDto> {
  authorize(actor, "admin");
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const found = await tx.apiKey.findUnique({ where: { id } });
    if (!found) throw notFound("API key");
    const revoked = found.revokedAt ? found : await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { entity: "api_key", entityId: id, action: "revoke", after: { name: found.name } });
    return revoked;
  });
  keyCache().clear();
  return toDto(row, null);
}

// Verified keys are cached briefly so the hot write path does not look a
// key up on every request; a revocation reaches other instances within TTL.
const CACHE_TTL_MS = 15_000;
type Cached = { actor: Actor | null; expires: number };
const globalForKeys = globalThis as unknown as { __debriefKeyCache?: Map<string, Cached> };
function keyCache(): Map<string, Cached> {
  globalForKeys.__debriefKeyCache ??= new Map();
  return globalForKeys.__debriefKeyCache;
}

/** The actor of a bearer key, or null when the key is unknown or revoked. */
export async function actorForApiKey(key: string): Promise<Actor | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const hash = hashKey(key);
  const cache = keyCache();
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.expires > now) return hit.actor;
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { keyHash: hash } });
  const actor: Actor | null =
    row && !row.revokedAt && isRole(row.role) ? { id: `key:${row.id}`, name: `${row.name} (API key)`, role: row.role, kind: "api_key" } : null;
  if (row && actor) await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  if (cache.size > 1000) cache.clear();
  cache.set(hash, { actor, expires: now + CACHE_TTL_MS });
  return actor;
}

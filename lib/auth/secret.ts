import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseUrl, providerOf, sqliteFile } from "../db/url";

/** Shorter secrets can be guessed offline from one signed cookie. */
export const AUTH_SECRET_MIN = 32;

/**
 * Why this instance cannot sign sessions, or null. On SQLite a secret is
 * made and kept beside the database file when none is set; on PostgreSQL
 * several instances must sign with one secret, so it must be configured.
 */
export function authSecretProblem(): string | null {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (providerOf(databaseUrl()) === "sqlite") return null;
  if (!fromEnv) {
    return `BETTER_AUTH_SECRET is not set: on PostgreSQL every instance must sign sessions with the same secret (${AUTH_SECRET_MIN}+ random characters, e.g. from \`openssl rand -base64 48\`)`;
  }
  if (fromEnv.length < AUTH_SECRET_MIN) return `BETTER_AUTH_SECRET is too short: use ${AUTH_SECRET_MIN}+ random characters`;
  return null;
}

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET, or on SQLite
 * one made on first start and kept beside the database file, so a fresh
 * install needs no configuration and restarts keep everyone signed in.
 */
export function authSecret(): string {
  const problem = authSecretProblem();
  if (problem) throw new Error(problem);
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(path.dirname(sqliteFile(databaseUrl())), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // "wx": never overwrite a secret another process wrote first.
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim();
  }
}

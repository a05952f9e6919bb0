import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseUrl, providerOf, sqliteFile } from "../db/url";

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET, or one made on
 * first start and kept beside the SQLite file, so a fresh install needs no
 * configuration and restarts keep everyone signed in.
 */
export function authSecret(): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const url = databaseUrl();
  if (providerOf(url) !== "sqlite") {
    throw new Error("Set BETTER_AUTH_SECRET (32+ random characters) when DATABASE_URL is not a SQLite file");
  }
  const file = path.join(path.dirname(sqliteFile(url)), "auth-secret");
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

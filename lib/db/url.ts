import { DEFAULT_DATABASE_URL, sqliteFile } from "./sqlite-path.mjs";

export { DEFAULT_DATABASE_URL, sqliteFile };

export type DbProvider = "sqlite" | "postgresql";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url.split(":")[0]}:"`);
}

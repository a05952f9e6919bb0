import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/debrief.db";

export type DbProvider = "sqlite" | "postgresql";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url.split(":")[0]}:"`);
}

/** The file of a `file:` URL; relative paths are taken from the working directory. */
export function sqliteFile(url: string): string {
  const rest = url.slice("file:".length);
  return path.isAbsolute(rest) ? rest : path.resolve(/*turbopackIgnore: true*/ process.cwd(), rest);
}

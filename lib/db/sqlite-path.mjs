// Where a `file:` DATABASE_URL points, for the app, the CLIs and
// scripts/db.mjs alike: a relative path is taken from the project root (the
// folder of package.json), never from wherever a command was started, so
// `npm start`, `npm run db:migrate` and `node /srv/debrief/scripts/db.mjs`
// all open the same file. Plain JavaScript so scripts/db.mjs can import it.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_DATABASE_URL = "file:./data/debrief.db";

// This file is lib/db/sqlite-path.mjs: the root is two folders up. A copy
// bundled by Next.js cannot see where it came from; it takes the root the
// process's first unbundled copy (server.ts and the CLIs load lib/ with tsx)
// recorded on globalThis, or the working directory (`next dev` under npm,
// which starts in the project root).
const globalForRoot = /** @type {{ __debriefProjectRoot?: string }} */ (globalThis);

function rootFromHere() {
  try {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    return existsSync(path.join(/*turbopackIgnore: true*/ dir, "lib", "db", "sqlite-path.mjs")) ? dir : null;
  } catch {
    return null;
  }
}

/** The project's root folder. */
export function projectRoot() {
  globalForRoot.__debriefProjectRoot ??= rootFromHere() ?? process.cwd();
  return globalForRoot.__debriefProjectRoot;
}

/** The file of a `file:` URL; a relative path is taken from the project root. */
export function sqliteFile(url) {
  const rest = url.slice("file:".length);
  return path.isAbsolute(rest) ? rest : path.resolve(/*turbopackIgnore: true*/ projectRoot(), rest);
}

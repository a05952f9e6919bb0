import "server-only";
import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The file that marks a folder as ours. Replacing a folder deletes what was
 * in it, so a folder is replaced only when it is empty or carries this
 * marker: a mistyped DEBRIEF_STATUS_DIR (a home folder, "/") is refused,
 * never wiped.
 */
export const MARKER_FILE = ".debrief-status";

const zMarker = z.object({ generator: z.literal("debrief"), hash: z.string() });

export class StatusDirError extends Error {}

const LEFTOVER_AGE_MS = 3_600_000;

/** The hash recorded by the last build written to `dir`, or null (none, or not ours). */
export async function writtenHash(dir: string): Promise<string | null> {
  try {
    const parsed = zMarker.safeParse(JSON.parse(await readFile(path.join(dir, MARKER_FILE), "utf8")));
    return parsed.success ? parsed.data.hash : null;
  } catch {
    return null;
  }
}

async function assertReplaceable(dir: string): Promise<boolean> {
  let stat;
  try {
    stat = await lstat(dir);
  } catch {
    return false; // does not exist yet
  }
  if (!stat.isDirectory()) throw new StatusDirError(`${dir} exists and is not a folder; refusing to replace it`);
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
    throw new StatusDirError(`${dir} is not empty and was not written by Debrief's status-page generator (no ${MARKER_FILE} in it); refusing to replace it`);
  }
  return true;
}

/**
 * Leftovers of a build interrupted by a crash, next to `dir`. Only old ones:
 * another process (the CLI beside the server) may be building right now.
 */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const cutoff = Date.now() - LEFTOVER_AGE_MS;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(`.${base}.building-`) && !name.startsWith(`.${base}.old-`)) continue;
    const full = path.join(parent, name);
    const stat = await lstat(full).catch(() => null);
    if (stat && stat.mtimeMs < cutoff) await rm(full, { recursive: true, force: true });
  }
}

/**
 * Write the site into `dir` as a whole: every file goes into a new folder
 * beside it, which then takes `dir`'s place by rename (the old one is moved
 * aside first and removed after). A reader never sees a half-written site;
 * between the two renames the path is briefly absent, for microseconds.
 */
export async function writeSiteAtomically(dir: string, files: Map<string, string>, hash: string): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  await mkdir(parent, { recursive: true });
  const exists = await assertReplaceable(target);
  await removeLeftovers(parent, base);

  const building = await mkdtemp(path.join(parent, `.${base}.building-`));
  try {
    // mkdtemp makes the folder private (0700); a web server must read it.
    await chmod(building, 0o755);
    for (const [rel, content] of files) {
      const file = path.resolve(building, rel);
      if (!file.startsWith(`${building}${path.sep}`)) throw new StatusDirError(`refusing to write outside the site folder: ${rel}`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content, { mode: 0o644 });
      if (exists) await keepTimesIfUnchanged(path.join(target, rel), file, content);
    }
    await writeFile(path.join(building, MARKER_FILE), `${JSON.stringify({ generator: "debrief", hash })}\n`, { mode: 0o644 });
    await chmodTree(building);
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    throw err;
  }

  if (!exists) {
    await rename(building, target);
    return;
  }
  const old = path.join(parent, `.${base}.old-${randomBytes(6).toString("hex")}`);
  await rename(target, old);
  try {
    await rename(building, target);
  } catch (err) {
    await rename(old, target).catch(() => {});
    await rm(building, { recursive: true, force: true });
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * A file whose content did not change keeps its modification time, so
 * rsync, rclone and web caches see that only the changed pages changed.
 */
async function keepTimesIfUnchanged(previous: string, next: string, content: string): Promise<void> {
  const before = await stat(previous).catch(() => null);
  if (!before?.isFile() || before.size !== Buffer.byteLength(content)) return;
  const old = await readFile(previous, "utf8").catch(() => null);
  if (old === content) await utimes(next, before.atime, before.mtime);
}

/** Sub-folders made by mkdir follow the umask; make them readable like the files. */
async function chmodTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const sub = path.join(dir, entry.name);
      await chmod(sub, 0o755);
      await chmodTree(sub);
    }
  }
}

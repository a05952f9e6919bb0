// A file that appears whole or not at all: written under a temporary name in
// the same folder, flushed to disk, then renamed over the final name (an
// atomic replace on POSIX), and the folder flushed so the rename survives a
// power cut. A reader (or a copy job) never sees half a backup.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";

export const TEMP_SUFFIX = ".tmp";

export function tempNameFor(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`);
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<number> {
  const handle = await open(file, "r+");
  try {
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * Write `finalPath` (mode 0600) through `write`, which must end the stream
 * it is given. Returns the size written.
 */
export async function writeFileAtomically(finalPath: string, write: (out: Writable) => Promise<void>): Promise<number> {
  const temp = tempNameFor(finalPath);
  const out = createWriteStream(temp, { flags: "wx", mode: 0o600 });
  try {
    await write(out);
    // fsync through a fresh descriptor: the stream has closed its own.
    const size = await fsyncFile(temp);
    await rename(temp, finalPath);
    await fsyncDir(path.dirname(finalPath));
    return size;
  } catch (err) {
    out.destroy();
    await rm(temp, { force: true });
    throw err;
  }
}

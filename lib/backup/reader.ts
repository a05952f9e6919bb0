// Reads a backup file back, streamed, and checks everything on the way: the
// age layer authenticates every chunk, gzip its CRC, and this reader the
// structure (header, tables in the announced order, every value against its
// column), the row counts and the SHA-256 in the trailer. A caller commits
// what it restored only after the item stream has ended without an error.
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { z } from "zod";
import { decryptStream } from "./age";
import { BackupError, oneLine } from "./errors";
import {
  AGE_ARMOR_MAGIC,
  AGE_MAGIC,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  FORMAT_LIMITS,
  GZIP_MAGIC,
  invalidValue,
  ZBackupHeader,
  ZTableLine,
  ZTrailer,
  type BackupHeader,
  type ColumnSpec,
  type PortableValue,
} from "./format";

export type BackupItem =
  | { kind: "table"; table: string; columns: ColumnSpec[]; rows: number }
  | { kind: "row"; values: PortableValue[] };

export type OpenedBackup = {
  header: BackupHeader;
  encrypted: boolean;
  /** Tables and rows in file order; throws a BackupError on any damage, and only ends normally once all is verified. */
  items: AsyncGenerator<BackupItem>;
  close(): void;
};

type Labels = { file: string; identityFile: string };

// Just enough of a header to tell "not ours" and "too new" from "damaged".
const ZFormatProbe = z.object({ format: z.unknown(), formatVersion: z.unknown() });

function damaged(labels: Labels, what: string): BackupError {
  return new BackupError("damaged", `${labels.file} is damaged or truncated: ${what}; nothing was restored`);
}

/** Errors of the layers below (file, age, gzip) as one operator-readable error. */
function classify(err: unknown, labels: Labels, encrypted: boolean): BackupError {
  if (err instanceof BackupError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    return damaged(labels, code === "Z_BUF_ERROR" ? "the compressed data ends early" : `the compressed data is corrupt (${oneLine(err)})`);
  }
  if (typeof code === "string" && code.startsWith("E")) return new BackupError("not_found", `cannot read ${labels.file}: ${oneLine(err)}`);
  if (encrypted) return damaged(labels, `decryption failed (${oneLine(err)})`);
  return damaged(labels, oneLine(err));
}

async function* splitLines(input: Readable, labels: Labels, encrypted: boolean): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      let newline = chunk.indexOf(10, start);
      while (newline !== -1) {
        const piece = chunk.subarray(start, newline);
        const line = pendingBytes ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        yield line;
        start = newline + 1;
        newline = chunk.indexOf(10, start);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > FORMAT_LIMITS.lineBytes) throw damaged(labels, "a line is longer than any backup writes");
      }
    }
  } catch (err) {
    throw classify(err, labels, encrypted);
  }
  if (pendingBytes) throw damaged(labels, "the last line is cut off");
}

function parseJson(line: Buffer, labels: Labels, where: string): unknown {
  try {
    return JSON.parse(line.toString("utf8"));
  } catch {
    throw damaged(labels, `${where} is not valid JSON`);
  }
}

async function* itemsOf(lines: AsyncGenerator<Buffer>, header: BackupHeader, hash: Hash, labels: Labels): AsyncGenerator<BackupItem> {
  const counts: Record<string, number> = {};
  let tableIndex = -1;
  let columns: ColumnSpec[] = [];
  let tableName = "";
  let expected = 0;
  let count = 0;
  const closeTable = () => {
    if (tableIndex >= 0) {
      if (count !== expected) throw damaged(labels, `${tableName} has ${count} rows, its header says ${expected}`);
      counts[tableName] = count;
    }
  };

  for await (const line of lines) {
    if (line[0] === 0x5b /* [ */) {
      if (tableIndex < 0) throw damaged(labels, "a row comes before any table");
      const values = parseJson(line, labels, `a row of ${tableName}`);
      if (!Array.isArray(values) || values.length !== columns.length) throw damaged(labels, `a row of ${tableName} does not have ${columns.length} values`);
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as ColumnSpec;
        const problem = invalidValue(values[i], column);
        if (problem) throw damaged(labels, `${tableName}.${column.name} in row ${count + 1} ${problem}`);
      }
      if (++count > expected) throw damaged(labels, `${tableName} has more rows than its header says (${expected})`);
      hash.update(line);
      hash.update("\n");
      yield { kind: "row", values: values as PortableValue[] };
      continue;
    }
    const record = parseJson(line, labels, "a table or trailer line");
    if (typeof record === "object" && record !== null && "end" in record) {
      closeTable();
      const trailer = ZTrailer.safeParse(record);
      if (!trailer.success) throw damaged(labels, "its trailer is malformed");
      if (tableIndex !== header.tables.length - 1) throw damaged(labels, `it ends after ${tableIndex + 1} of ${header.tables.length} tables`);
      for (const t of header.tables) {
        if (trailer.data.rows[t.name] !== counts[t.name]) throw damaged(labels, `the trailer's row count for ${t.name} does not match`);
      }
      if (trailer.data.sha256 !== hash.digest("hex")) throw damaged(labels, "the SHA-256 checksum does not match");
      for await (const extra of lines) if (extra.length) throw damaged(labels, "there is data after the trailer");
      return;
    }
    const table = ZTableLine.safeParse(record);
    if (!table.success) throw damaged(labels, "a table line is malformed");
    closeTable();
    tableIndex++;
    const announced = header.tables[tableIndex];
    if (!announced || announced.name !== table.data.table) {
      throw damaged(labels, `table ${table.data.table} is not the one its header announces next`);
    }
    if (new Set(table.data.columns.map((c) => c.name)).size !== table.data.columns.length) throw damaged(labels, `${table.data.table} names a column twice`);
    tableName = table.data.table;
    columns = table.data.columns;
    expected = announced.rows;
    count = 0;
    hash.update(line);
    hash.update("\n");
    yield { kind: "table", table: tableName, columns, rows: expected };
  }
  throw damaged(labels, "it ends before its trailer");
}

/**
 * Open a backup: an age file (needs `identities`) or a plain one. The
 * header is read and checked before this returns.
 */
export async function openBackup(file: string, opts: { identities: string[] | null; identityFile?: string }): Promise<OpenedBackup> {
  const labels: Labels = { file, identityFile: opts.identityFile ?? "the identity file" };
  const info = await stat(file).catch((err: unknown) => {
    throw new BackupError("not_found", `cannot read ${file}: ${oneLine(err)}`);
  });
  if (!info.isFile()) throw new BackupError("not_found", `${file} is not a file`);

  const head = Buffer.alloc(64);
  const handle = await open(file, "r");
  const { bytesRead } = await handle.read(head, 0, head.length, 0).finally(() => handle.close());
  const magic = head.subarray(0, bytesRead);
  const startsWith = (prefix: Buffer) => magic.length >= prefix.length && magic.subarray(0, prefix.length).equals(prefix);

  let encrypted: boolean;
  if (startsWith(AGE_MAGIC)) encrypted = true;
  else if (startsWith(GZIP_MAGIC)) encrypted = false;
  else if (startsWith(AGE_ARMOR_MAGIC)) throw new BackupError("not_a_backup", `${file} is ASCII-armored; turn it back into a binary age file first (age -d … | age -r … > file), or restore the original`);
  else throw new BackupError("not_a_backup", `${file} is not a Debrief backup (neither an age file nor a plain backup)`);
  if (encrypted && !opts.identities) throw new BackupError("usage", `${file} is encrypted: pass --identity KEYFILE (the age secret key it was encrypted to)`);

  const raw = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip();
  const plain = encrypted && opts.identities ? await decryptStream(raw, opts.identities, labels) : raw;
  const onError = (err: unknown) => gunzip.destroy(err instanceof Error ? err : new Error(String(err)));
  plain.once("error", onError);
  plain.pipe(gunzip);
  const close = () => {
    raw.destroy();
    plain.destroy();
    gunzip.destroy();
  };

  const lines = splitLines(gunzip, labels, encrypted);
  try {
    const first = await lines.next();
    if (first.done) throw damaged(labels, "it is empty");
    const parsed = parseJson(first.value, labels, "its header");
    const probe = ZFormatProbe.safeParse(parsed);
    const format = probe.success ? probe.data : { format: undefined, formatVersion: undefined };
    if (format.format !== BACKUP_FORMAT) throw new BackupError("not_a_backup", `${file} decrypts, but is not a Debrief backup`);
    if (typeof format.formatVersion === "number" && format.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupError("newer_schema", `${file} was written by a newer Debrief (backup format ${format.formatVersion}; this one reads ${BACKUP_FORMAT_VERSION}): upgrade Debrief, then restore`);
    }
    const header = ZBackupHeader.safeParse(parsed);
    if (!header.success) throw damaged(labels, "its header is malformed");
    if (new Set(header.data.tables.map((t) => t.name)).size !== header.data.tables.length) throw damaged(labels, "its header names a table twice");
    const hash = createHash("sha256");
    hash.update(first.value);
    hash.update("\n");
    return { header: header.data, encrypted, items: itemsOf(lines, header.data, hash, labels), close };
  } catch (err) {
    close();
    throw classify(err, labels, encrypted);
  }
}

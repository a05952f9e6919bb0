// age encryption (https://age-encryption.org/v1) through the `age-encryption`
// package, streamed: it encrypts in 64 KiB chunks, each authenticated, so a
// backup of any size passes through in constant memory, and the result
// decrypts with the standard `age` tool (`age -d -i key.txt FILE | gunzip`).
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { Decrypter, Encrypter, identityToRecipient } from "age-encryption";
import { BackupError, oneLine } from "./errors";

const MAX_RECIPIENTS = 20;
const MAX_IDENTITY_FILE_BYTES = 1024 * 1024;

/** Split DEBRIEF_BACKUP_RECIPIENT / --recipient values (commas or spaces) and check each. */
export function parseRecipients(values: string[]): string[] {
  const recipients = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (recipients.length > MAX_RECIPIENTS) throw new BackupError("config", `at most ${MAX_RECIPIENTS} backup recipients`);
  for (const r of recipients) {
    try {
      if (!r.startsWith("age1")) throw new Error("not an age recipient");
      new Encrypter().addRecipient(r);
    } catch (err) {
      throw new BackupError("config", `"${r.slice(0, 20)}${r.length > 20 ? "…" : ""}" is not an age public key (age1…, from age-keygen): ${oneLine(err)}`);
    }
  }
  return recipients;
}

/** The identities (AGE-SECRET-KEY-1…) in a key file as age-keygen writes it; comments and blank lines are skipped. */
export async function readIdentityFile(file: string): Promise<string[]> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new BackupError("usage", `identity file ${file} is not a file`);
    if (info.size > MAX_IDENTITY_FILE_BYTES) throw new BackupError("usage", `identity file ${file} is too large to be an age key file`);
    text = await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError("usage", `cannot read identity file ${file}: ${oneLine(err)}`);
  }
  const identities: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (!line || line.startsWith("#")) continue;
    try {
      if (!line.startsWith("AGE-SECRET-KEY-")) throw new Error("not an age identity");
      await identityToRecipient(line);
    } catch {
      throw new BackupError("usage", `identity file ${file}, line ${i + 1}: not an age secret key (AGE-SECRET-KEY-1…)`);
    }
    identities.push(line);
  }
  if (identities.length === 0) throw new BackupError("usage", `identity file ${file} holds no age secret key (AGE-SECRET-KEY-1…)`);
  return identities;
}

// Node's web streams and the DOM's are the same objects at run time but two
// types to TypeScript.
const toWeb = (readable: Readable) => Readable.toWeb(readable) as unknown as ReadableStream<Uint8Array>;
const fromWeb = (stream: ReadableStream<Uint8Array>) => Readable.fromWeb(stream as unknown as NodeWebStream<Uint8Array>);

/** `plaintext` encrypted to `recipients`, as a stream of the age file's bytes. */
export async function encryptStream(plaintext: Readable, recipients: string[]): Promise<Readable> {
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  return fromWeb(await encrypter.encrypt(toWeb(plaintext)));
}

/**
 * The plaintext of an age file. The header is checked before this returns
 * (a wrong identity fails here, before anything is read); every later
 * 64 KiB chunk is authenticated as it streams, and a missing last chunk
 * fails at the end, so a truncated or altered file always ends in an error.
 */
export async function decryptStream(ciphertext: Readable, identities: string[], labels: { file: string; identityFile: string }): Promise<Readable> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  try {
    return fromWeb(await decrypter.decrypt(toWeb(ciphertext)));
  } catch (err) {
    ciphertext.destroy();
    const message = oneLine(err);
    if (/no identity matched/.test(message)) {
      throw new BackupError("wrong_identity", `${labels.file} is not encrypted to the identity in ${labels.identityFile}; nothing was restored`);
    }
    throw new BackupError("damaged", `${labels.file} is damaged: its age header does not verify (${message}); nothing was restored`);
  }
}

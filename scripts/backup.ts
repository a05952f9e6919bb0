// npm run backup -- --out FILE [--recipient age1…] [--no-encrypt]
// A consistent snapshot of the database at DATABASE_URL (safe while the
// server runs and writes), encrypted to the age public key(s) in
// --recipient or DEBRIEF_BACKUP_RECIPIENT. Without a recipient it refuses,
// unless --no-encrypt asks for a backup in the clear.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./cli-args";
import { parseRecipients } from "../lib/backup/age";
import { backupDatabase } from "../lib/backup/backup";
import { BackupError } from "../lib/backup/errors";
import { describeRows, formatBytes } from "../lib/backup/describe";
import { databaseUrl } from "../lib/db/url";

const USAGE = "usage: npm run backup -- --out FILE [--recipient age1…]… [--no-encrypt]";

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: "string" }, recipient: { type: "string", multiple: true }, "no-encrypt": { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BackupError("usage", `${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (!values.out) throw new BackupError("usage", USAGE);
  const out = path.resolve(values.out);
  if (existsSync(out)) throw new BackupError("usage", `${out} already exists; choose a new name (backups are never overwritten)`);
  if (!existsSync(path.dirname(out))) throw new BackupError("usage", `the folder ${path.dirname(out)} does not exist`);

  const given = values.recipient ?? (process.env.DEBRIEF_BACKUP_RECIPIENT ? [process.env.DEBRIEF_BACKUP_RECIPIENT] : []);
  const recipients = parseRecipients(given);
  if (values["no-encrypt"] && recipients.length) throw new BackupError("usage", "--no-encrypt and a recipient contradict each other; drop one");
  if (!values["no-encrypt"] && recipients.length === 0) {
    throw new BackupError(
      "usage",
      "refusing to write an unencrypted backup: set DEBRIEF_BACKUP_RECIPIENT=age1… or pass --recipient age1… (make a key with age-keygen), or pass --no-encrypt to write it in the clear",
    );
  }

  const started = performance.now();
  const summary = await backupDatabase({ databaseUrl: databaseUrl(), out, recipients: values["no-encrypt"] ? null : recipients });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const how = summary.encrypted ? `encrypted to ${recipients.length} recipient${recipients.length === 1 ? "" : "s"}` : "NOT encrypted";
  console.log(`wrote ${summary.file} (${formatBytes(summary.bytes)}, ${how}, schema ${summary.schemaVersion}) in ${seconds} s`);
  console.log(describeRows(summary.rows));
});

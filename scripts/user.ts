// npm run user -- create --email E --name N --role viewer|responder|admin [--password P]
// Creates an account from a shell (the first admin of a fresh install, or a
// locked-out admin's replacement). Without --password one is generated and
// printed once.
import { randomBytes } from "node:crypto";
import { migrate } from "./db.mjs";
import { parseFlags, retryWhileBusy, runCli } from "./cli-args";
import { SYSTEM_ACTOR } from "../lib/auth/actor";
import { createUser } from "../lib/auth/users";
import { closeDb } from "../lib/db/client";

const USAGE = "usage: npm run user -- create --email E --name N --role viewer|responder|admin [--password P]";

runCli(async () => {
  const { command, flags } = parseFlags(process.argv.slice(2));
  if (command !== "create") throw new Error(USAGE);
  await migrate(process.env.DATABASE_URL || undefined);
  const generated = flags.password ? undefined : randomBytes(15).toString("base64url");
  const input = { email: flags.email, name: flags.name, role: flags.role, password: flags.password ?? generated };
  const user = await retryWhileBusy(() => createUser({ input, actor: SYSTEM_ACTOR }));
  await closeDb();
  console.log(`created ${user.role} ${user.name} <${user.email}>`);
  if (generated) console.log(`password: ${generated}`);
});

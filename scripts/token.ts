// npm run token -- create --name NAME --role viewer|responder|admin
// Creates a service API key (tied to no person) from a shell and prints the key alone on the last line
// (so `KEY=$(npm run -s token -- create … | tail -n1)` works). It is shown
// only this once; Debrief keeps its hash.
import { migrate } from "./db.mjs";
import { parseFlags, retryWhileBusy, runCli } from "./cli-args";
import { SYSTEM_ACTOR } from "../lib/auth/actor";
import { createApiKey } from "../lib/auth/api-keys";
import { closeDb } from "../lib/db/client";

const USAGE = "usage: npm run token -- create --name NAME --role viewer|responder|admin";

runCli(async () => {
  const { command, flags } = parseFlags(process.argv.slice(2));
  if (command !== "create") throw new Error(USAGE);
  await migrate(process.env.DATABASE_URL || undefined);
  const { key, apiKey } = await retryWhileBusy(() => createApiKey({ input: { name: flags.name, role: flags.role }, actor: SYSTEM_ACTOR }));
  await closeDb();
  console.log(`created service API key "${apiKey.name}" (${apiKey.role}); it is shown only once:`);
  console.log(key);
});

#!/usr/bin/env node
// npm run db:generate — both Prisma clients from the one schema:
//   prisma/schema.prisma                      → lib/generated/prisma (SQLite)
//   lib/generated/schema.postgresql.prisma    → lib/generated/prisma-postgresql
// (the second file is derived by scripts/db-schema.mjs, never edited).
//
// `prisma generate` only checks that a schema engine binary exists (it cannot
// be downloaded here), so it is pointed at a stub; migrations run through
// scripts/db.mjs.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { LAYOUT, root, writePostgresSchema } from "./db-schema.mjs";

const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "scripts", "no-schema-engine.sh"), PRISMA_HIDE_UPDATE_MESSAGE: "1" };

await writePostgresSchema();
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", LAYOUT[provider].schemaPath], { cwd: root, env, stdio: "inherit" });
}

// One data model, two providers.
//
// prisma/schema.prisma (SQLite) is the only schema anyone edits. Prisma 7's
// generated client is provider-specific (its query compiler and SQL differ),
// so the PostgreSQL schema is derived from it here by swapping exactly two
// lines — the datasource provider and the client's output folder — and
// written under lib/generated/ (never checked in, never edited). Anything
// else that differs between the providers is a bug this derivation cannot
// introduce.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @typedef {"sqlite" | "postgresql"} Provider */

export const PROVIDERS = /** @type {const} */ (["sqlite", "postgresql"]);

const sqliteSchemaPath = path.join(root, "prisma", "schema.prisma");
const postgresSchemaPath = path.join(root, "lib", "generated", "schema.postgresql.prisma");

/** Where each provider's schema, migrations and generated client live. */
export const LAYOUT = {
  sqlite: {
    schemaPath: sqliteSchemaPath,
    migrationsDir: path.join(root, "prisma", "migrations"),
  },
  postgresql: {
    schemaPath: postgresSchemaPath,
    migrationsDir: path.join(root, "prisma", "migrations-postgresql"),
  },
};

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/db-schema.mjs — do not edit.\n" +
  "// Only the datasource provider and the client output differ.\n\n";

function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, "gm"));
  if (!matches || matches.length !== 1) {
    throw new Error(`prisma/schema.prisma: expected exactly one ${what} (found ${matches?.length ?? 0})`);
  }
  return text.replace(new RegExp(pattern.source, "m"), replacement);
}

/** The PostgreSQL schema text for a SQLite schema text. */
export function derivePostgresSchema(sqliteText) {
  let text = replaceOnce(sqliteText, /^(\s*provider\s*=\s*)"sqlite"(\s*)$/, '$1"postgresql"$2', 'datasource `provider = "sqlite"`');
  text = replaceOnce(text, /^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"(\s*)$/, '$1"./prisma-postgresql"$2', 'generator `output = "../lib/generated/prisma"`');
  return HEADER + text;
}

/** The schema text of one provider, read from (or derived from) prisma/schema.prisma. */
export async function schemaText(provider) {
  const sqlite = await readFile(sqliteSchemaPath, "utf8");
  return provider === "sqlite" ? sqlite : derivePostgresSchema(sqlite);
}

/** Write the derived PostgreSQL schema (for `prisma generate`); returns its path. */
export async function writePostgresSchema() {
  const text = await schemaText("postgresql");
  await mkdir(path.dirname(postgresSchemaPath), { recursive: true });
  await writeFile(postgresSchemaPath, text);
  return postgresSchemaPath;
}

/** The provider of a DATABASE_URL. */
export function providerOfUrl(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url.split(":")[0]}:"`);
}

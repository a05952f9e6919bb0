import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { derivePostgresSchema } from "../../scripts/db-schema.mjs";

// prisma/schema.prisma is the one data model; the PostgreSQL schema is
// derived from it and may differ in nothing but the provider and the folder
// its client is generated into.

const schema = readFileSync(path.join(__dirname, "../../prisma/schema.prisma"), "utf8");

describe("the PostgreSQL schema derived from schema.prisma", () => {
  it("differs only in the datasource provider and the client's output", () => {
    const derived = derivePostgresSchema(schema);
    const body = derived.split("\n").filter((l) => !l.startsWith("// GENERATED") && !l.startsWith("// Only the datasource"));
    const original = schema.split("\n");
    const changed = body.slice(1).map((line, i) => [original[i], line]).filter(([a, b]) => a !== b);
    expect(changed).toEqual([
      ['  output       = "../lib/generated/prisma"', '  output       = "./prisma-postgresql"'],
      ['  provider = "sqlite"', '  provider = "postgresql"'],
    ]);
    expect(body.length - 1).toBe(original.length);
  });

  it("refuses a schema whose provider or output it cannot find exactly once", () => {
    expect(() => derivePostgresSchema(schema.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/datasource/);
    expect(() => derivePostgresSchema(`${schema}\ndatasource other {\n  provider = "sqlite"\n}\n`)).toThrow(/exactly one/);
    expect(() => derivePostgresSchema(schema.replace("../lib/generated/prisma", "../elsewhere"))).toThrow(/output/);
  });
});

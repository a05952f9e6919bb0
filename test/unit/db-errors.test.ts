import { describe, expect, it } from "vitest";
import { isUniqueViolation, isWriteConflict, storageUnavailableReason } from "@/lib/db/errors";

// The shapes below are what Prisma 7 with @prisma/adapter-pg and node-postgres
// actually throw (recorded against PostgreSQL 15 stopped, restarted and full).
const adapterError = (code: string, cause: Record<string, unknown>, message = "x") =>
  Object.assign(new Error(message), { code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("database error classification", () => {
  it("names each kind of outage without the driver's words", () => {
    const cases: Array<[unknown, string]> = [
      [adapterError("P1001", { kind: "DatabaseNotReachable", host: "10.0.0.5", port: 5432 }, "Can't reach database server at 10.0.0.5:5432"), "PostgreSQL is unreachable"],
      [adapterError("P2010", { kind: "DatabaseNotReachable", host: "10.0.0.5", port: 5432 }), "PostgreSQL is unreachable"],
      [adapterError("P2010", { kind: "postgres", originalCode: "57P01" }), "PostgreSQL is shutting down or starting up"],
      [adapterError("P2010", { kind: "postgres", originalCode: "08006" }), "the connection to PostgreSQL was lost"],
      [adapterError("P2037", { kind: "TooManyConnections" }), "PostgreSQL has no free connections"],
      [adapterError("P1000", { kind: "AuthenticationFailed" }), "PostgreSQL refused the connection (database, user or password)"],
      [new Error("Client has encountered a connection error and is not queryable"), "the connection to PostgreSQL was lost"],
      [new Error("Connection terminated unexpectedly"), "the connection to PostgreSQL was lost"],
      [new Error("timeout exceeded when trying to connect"), "PostgreSQL did not answer in time"],
      [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), "PostgreSQL is shutting down or starting up"],
    ];
    for (const [err, reason] of cases) {
      expect(storageUnavailableReason(err)).toBe(reason);
      expect(reason).not.toMatch(/10\.0\.0\.5|5432/);
    }
  });

  it("leaves every other error alone", () => {
    for (const err of [
      new Error("boom"),
      adapterError("P2002", { kind: "UniqueConstraintViolation" }),
      adapterError("P2010", { kind: "postgres", originalCode: "42P01" }),
      { code: "constructor" },
      { code: "__proto__", meta: { driverAdapterError: { cause: { kind: "toString" } } } },
      "P1001",
      null,
      undefined,
      42,
    ]) {
      expect(storageUnavailableReason(err)).toBeNull();
    }
  });

  it("recognises unique violations and write conflicts from Prisma queries and raw SQL alike", () => {
    expect(isUniqueViolation(adapterError("P2002", { kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(isUniqueViolation(adapterError("P2010", { kind: "UniqueConstraintViolation", originalCode: "23505" }))).toBe(true);
    expect(isUniqueViolation(adapterError("P2010", { kind: "postgres", originalCode: "42P01" }))).toBe(false);
    expect(isWriteConflict(adapterError("P2034", { kind: "TransactionWriteConflict" }))).toBe(true);
    expect(isWriteConflict(adapterError("P2010", { kind: "TransactionWriteConflict", originalCode: "40P01" }))).toBe(true);
    expect(isWriteConflict(new Error("deadlock"))).toBe(false);
  });
});

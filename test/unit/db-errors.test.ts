import { describe, expect, it } from "vitest";
import { isUniqueViolation, isWriteConflict } from "@/lib/db/errors";
import { describeStorageProblem, storageProblem } from "@/lib/db/storage-errors.mjs";

/** What a PostgreSQL error is called in a health answer or a 503, without its code. */
function pgReason(err: unknown): string | null {
  const problem = storageProblem(err, "postgresql");
  return problem ? describeStorageProblem(problem).replace(/ \[[^\]]*\]$/, "") : null;
}

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
      [adapterError("P1000", { kind: "AuthenticationFailed" }), "PostgreSQL refused the connection (check the database, user and password in DATABASE_URL)"],
      [new Error("Client has encountered a connection error and is not queryable"), "the connection to PostgreSQL was lost"],
      [new Error("Connection terminated unexpectedly"), "the connection to PostgreSQL was lost"],
      [new Error("timeout exceeded when trying to connect"), "PostgreSQL did not answer in time"],
      [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), "PostgreSQL is shutting down or starting up"],
      // Node's own socket errors, also an AggregateError with no message (every address of "localhost" refused).
      [Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" }), "PostgreSQL is unreachable"],
      [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read", errno: -104 }), "the connection to PostgreSQL was lost"],
      // Writes on a standby, a full disk on the server.
      [adapterError("P2010", { kind: "postgres", originalCode: "25006" }), "PostgreSQL accepts no writes (a standby, or default_transaction_read_only is on)"],
      [adapterError("P2010", { kind: "postgres", originalCode: "53100" }), "PostgreSQL's disk is full"],
    ];
    for (const [err, reason] of cases) {
      expect(pgReason(err)).toBe(reason);
      expect(JSON.stringify(storageProblem(err, "postgresql"))).not.toMatch(/10\.0\.0\.5|5432/);
    }
  });

  it("reads a socket timeout as SQLite's busy lock on SQLite and as a network timeout on PostgreSQL", () => {
    const err = adapterError("P2010", { kind: "SocketTimeout" });
    expect(storageProblem(err, "sqlite")).toEqual({ kind: "busy", code: "SQLITE_BUSY" });
    expect(storageProblem(err, "postgresql")).toEqual({ kind: "timeout", code: "SocketTimeout" });
    // SQLite's codes are never read as PostgreSQL outages, and the other way round.
    expect(storageProblem(adapterError("P2010", { kind: "postgres", originalCode: "08006" }), "sqlite")).toBeNull();
    expect(storageProblem(Object.assign(new Error("disk full"), { code: "SQLITE_FULL" }), "postgresql")).toBeNull();
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
      expect(storageProblem(err, "postgresql")).toBeNull();
    }
  });

  it("recognises unique violations and write conflicts from Prisma queries and raw SQL alike", () => {
    expect(isUniqueViolation(adapterError("P2002", { kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(isUniqueViolation(adapterError("P2010", { kind: "UniqueConstraintViolation", originalCode: "23505" }))).toBe(true);
    expect(isUniqueViolation(adapterError("P2010", { kind: "postgres", originalCode: "42P01" }))).toBe(false);
    expect(isWriteConflict(adapterError("P2034", { kind: "TransactionWriteConflict" }))).toBe(true);
    expect(isWriteConflict(adapterError("P2010", { kind: "TransactionWriteConflict", originalCode: "40P01" }))).toBe(true);
    expect(isWriteConflict(new Error("deadlock"))).toBe(false);
    // Inside an interactive transaction the adapter's error comes unwrapped, as the cause.
    expect(isUniqueViolation(Object.assign(new Error("x"), { cause: { kind: "UniqueConstraintViolation" } }))).toBe(true);
  });
});

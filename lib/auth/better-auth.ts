import "server-only";
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { dbClientSync } from "../db/client";
import { dbProvider } from "../db/dialect";
import { authSecret } from "./secret";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";
import { hashPassword, verifyPassword } from "./password-hash";
import { QueueFullError } from "./fair-queue";
import { isHttpsRequest, trustsProxy } from "./request-origin";

export const SESSION_DAYS = 14;

/** A full hash queue is "try again shortly", not a server error. */
async function orBusy<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof QueueFullError) {
      throw new APIError("TOO_MANY_REQUESTS", { message: "The server is busy checking passwords; try again in a few seconds", code: "BUSY" });
    }
    throw err;
  }
}

function createAuth(client: ReturnType<typeof dbClientSync>, secure: boolean) {
  return betterAuth({
    database: prismaAdapter(client, { provider: dbProvider() }),
    secret: authSecret(),
    // Self-hosted behind any name: the origin comes from each request unless
    // BETTER_AUTH_URL pins it. Nothing here mails links or calls back, so
    // the request's own host is the right one. (Cross-origin writes are
    // refused before better-auth sees them: lib/auth/auth-endpoint.ts.)
    baseURL: process.env.BETTER_AUTH_URL || { allowedHosts: ["*"], protocol: secure ? "https" : "http" },
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by the first-run setup and by admins, never by
      // self sign-up: Debrief holds what went wrong inside a company.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      // Same scrypt format as better-auth's own, with bounded concurrency.
      // better-auth hashes only for sign-ins of unknown accounts (to take as
      // long as a real check); those share one queue.
      password: {
        hash: (password) => orBusy(hashPassword(password, "unknown-account")),
        verify: (data) => orBusy(verifyPassword(data)),
      },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "responder", input: false },
        banned: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    databaseHooks: {
      session: {
        create: {
          // Runs after the password check, so only the account's owner learns it is deactivated.
          before: async (session) => {
            const user = await client.user.findUnique({ where: { id: session.userId }, select: { banned: true } });
            if (!user || user.banned) {
              throw new APIError("FORBIDDEN", { message: "This account is deactivated; ask an admin of this instance", code: "ACCOUNT_DEACTIVATED" });
            }
          },
        },
      },
    },
    rateLimit: {
      // On in every environment (the default is production only). Counted in
      // the database (the rateLimit table), so that every instance on one
      // PostgreSQL shares the count and a restart forgets nothing; each step
      // is one conditional UPDATE, atomic across instances.
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 5 } },
    },
    advanced: {
      // `__Secure-` cookies only when the browser talks TLS to us: on plain
      // HTTP it would drop them and nobody could sign in.
      useSecureCookies: secure,
      trustedProxyHeaders: trustsProxy(),
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
type Instances = { client: object; secure?: Auth; plain?: Auth };
// Per Prisma client (tests and scripts switch databases), one instance for
// requests over TLS (secure cookies) and one for plain HTTP.
const globalForAuth = globalThis as unknown as { __debriefAuth?: Instances };

function auth(secure: boolean): Auth {
  const client = dbClientSync();
  let current = globalForAuth.__debriefAuth;
  if (!current || current.client !== client) {
    current = { client };
    globalForAuth.__debriefAuth = current;
  }
  const existing = secure ? current.secure : current.plain;
  if (existing) return existing;
  const created = createAuth(client, secure);
  if (secure) current.secure = created;
  else current.plain = created;
  return created;
}

/** The better-auth instance for a request: secure cookies when it came over TLS. */
export function authFor(headers: Headers): Auth {
  return auth(isHttpsRequest(headers));
}

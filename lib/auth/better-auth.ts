import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { dbClientSync } from "../db/client";
import { dbProvider } from "../db/dialect";
import { authSecret } from "./secret";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";

export const SESSION_DAYS = 14;

function createAuth(client: ReturnType<typeof dbClientSync>) {
  return betterAuth({
    database: prismaAdapter(client, { provider: dbProvider() }),
    secret: authSecret(),
    // Self-hosted behind any name: the origin comes from each request unless
    // BETTER_AUTH_URL pins it. Nothing here mails links or calls back, so
    // the request's own host is the right one.
    baseURL: process.env.BETTER_AUTH_URL || { allowedHosts: ["*"], protocol: "auto" },
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by the first-run setup and by admins, never by
      // self sign-up: Debrief holds what went wrong inside a company.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "responder", input: false },
        banned: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
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
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
// One instance per Prisma client (tests and scripts switch databases).
const globalForAuth = globalThis as unknown as { __debriefAuth?: { auth: Auth; client: object } };

export function auth(): Auth {
  const client = dbClientSync();
  const current = globalForAuth.__debriefAuth;
  if (current && current.client === client) return current.auth;
  const created = createAuth(client);
  globalForAuth.__debriefAuth = { auth: created, client };
  return created;
}

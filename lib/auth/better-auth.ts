import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { dbClientSync } from "../db/client";
import { authSecret } from "./secret";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";

export const SESSION_DAYS = 14;

function createAuth() {
  return betterAuth({
    database: prismaAdapter(dbClientSync(), { provider: "sqlite" }),
    secret: authSecret(),
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
      // On in every environment (the default is production only), in memory:
      // one process serves an instance.
      enabled: true,
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 5 } },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
// One instance per process and database (tests switch DATABASE_URL).
const globalForAuth = globalThis as unknown as { __debriefAuth?: { auth: Auth; url: string } };

export function auth(): Auth {
  const url = process.env.DATABASE_URL ?? "";
  const current = globalForAuth.__debriefAuth;
  if (current && current.url === url) return current.auth;
  const created = createAuth();
  globalForAuth.__debriefAuth = { auth: created, url };
  return created;
}

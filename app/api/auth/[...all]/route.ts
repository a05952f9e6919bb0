// /api/auth/* — better-auth's own endpoints (sign-in, sign-out, session), rate limited by it
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/better-auth";
import { withoutSessionTokens } from "@/lib/auth/auth-response";

async function handler(req: Request): Promise<Response> {
  return withoutSessionTokens(await auth().handler(req));
}

export const { GET, POST } = toNextJsHandler(handler);

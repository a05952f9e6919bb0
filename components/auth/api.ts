/** First-run setup and one's own account as the browser calls them (one request function: lib/api-client.ts). */
import { z } from "zod";
import { apiRequest } from "@/lib/api-client";

export const accountApi = {
  setup: (input: { email: string; password: string; name: string; setupCode?: string }) =>
    apiRequest("POST", "/api/v1/setup", z.unknown(), { body: input }),
  updateProfile: (input: { name: string }) => apiRequest("POST", "/api/auth/update-user", z.object({ status: z.literal(true) }), { body: input }),
  changePassword: (input: { currentPassword: string; newPassword: string; revokeOtherSessions?: boolean }) =>
    apiRequest("POST", "/api/auth/change-password", z.object({ signedOutSessions: z.number().int() }), { body: input }),
};

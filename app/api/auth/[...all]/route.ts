// /api/auth/* — better-auth's sign-in, sign-out and session endpoints, and a user's own name and password changes, behind Debrief's rules
import { handleAuthRequest } from "@/lib/auth/auth-endpoint";

export const GET = handleAuthRequest;
export const POST = handleAuthRequest;

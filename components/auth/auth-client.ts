"use client";
import { createAuthClient } from "better-auth/react";

/** better-auth's browser client, on this instance's own origin. */
export const authClient = createAuthClient();

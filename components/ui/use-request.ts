"use client";

import { useState } from "react";
import type { z } from "zod";
import type { ApiResult } from "@/lib/api-client";

/**
 * The state of a form that sends one request at a time: `busy` while it
 * runs, the server's message in `error` when it is refused. `send` resolves
 * to the answer's data, or null when it was refused.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send<T>(request: () => Promise<ApiResult<T>>): Promise<T | null> {
    setBusy(true);
    setError(null);
    const res = await request();
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return null;
    }
    return res.data;
  }

  return { busy, error, setError, send };
}

/** A form's own check, in one line naming each field (the server names them the same way). */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}

import { z } from "zod";
import { validationError } from "../errors";

/** "90s", "2m", "1h" or a number of seconds. */
const zDuration = z
  .string()
  .trim()
  .regex(/^\d{1,6}(?:s|m|h)?$/, 'must be a duration such as "90s", "2m" or "1h"')
  .transform((v) => {
    const n = Number.parseInt(v, 10);
    const unit = v.endsWith("h") ? 3_600_000 : v.endsWith("m") ? 60_000 : 1_000;
    return n * unit;
  })
  .refine((ms) => ms >= 1_000 && ms <= 3_600_000, "must be between 1 s and 1 h");

const zBaseUrl = z
  .string()
  .trim()
  .max(500, "must be at most 500 characters")
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials, query or fragment, e.g. https://status.example.com/")
  .transform((v) => (v.endsWith("/") ? v : `${v}/`));

const zEnv = z.object({
  DEBRIEF_STATUS_DIR: z.string().trim().min(1, "must not be empty").max(4_096, "must be at most 4096 characters").optional(),
  DEBRIEF_STATUS_COMMAND: z.string().trim().max(4_096, "must be at most 4096 characters").optional(),
  DEBRIEF_STATUS_COMMAND_TIMEOUT: zDuration.optional(),
  DEBRIEF_STATUS_TITLE: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  DEBRIEF_STATUS_URL: zBaseUrl.optional(),
});

export type StatusSiteConfig = {
  /** Where the server keeps the site up to date; null: not while serving. */
  dir: string | null;
  command: string | null;
  commandTimeoutMs: number;
  title: string;
  baseUrl: string | null;
};

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

/** The status site's settings from the environment (empty variables count as unset). Throws a 4xx-style AppError naming the variable. */
export function statusSiteConfig(env: Record<string, string | undefined> = process.env): StatusSiteConfig {
  const present = Object.fromEntries(
    Object.keys(zEnv.shape)
      .map((k) => [k, env[k]] as const)
      .filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const parsed = zEnv.safeParse(present);
  if (!parsed.success) throw validationError(parsed.error);
  const v = parsed.data;
  return {
    dir: v.DEBRIEF_STATUS_DIR ?? null,
    command: v.DEBRIEF_STATUS_COMMAND || null,
    commandTimeoutMs: v.DEBRIEF_STATUS_COMMAND_TIMEOUT ?? DEFAULT_COMMAND_TIMEOUT_MS,
    title: v.DEBRIEF_STATUS_TITLE ?? "Status",
    baseUrl: v.DEBRIEF_STATUS_URL ?? null,
  };
}

// DEBRIEF_BACKUP_* settings, checked once at start (the server refuses to
// start with a bad one rather than silently not backing up). No heavy
// imports: Settings and /api/health read this too.
import path from "node:path";
import { z } from "zod";
import { BackupError } from "./errors";
import { parseCommandLine } from "./command-line";

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/** "1h", "15m", "1h30m", "90s", "1d" → milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?(?:(\d{1,7})s)?$/.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s;
}

/** 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  let out = "";
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || "0s";
}

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{20,3000}$/;

function zDuration(name: string, min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: `${name} must be a duration such as 90s, 15m, 1h, 1h30m or 1d` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: "custom", message: `${name} must be between ${formatDuration(min)} and ${formatDuration(max)}` });
      return z.NEVER;
    }
    return ms;
  });
}

const ZBackupEnv = z.object({
  DEBRIEF_BACKUP_DIR: z.string().min(1).max(4096),
  DEBRIEF_BACKUP_EVERY: zDuration("DEBRIEF_BACKUP_EVERY", 1_000, 30 * UNIT_MS.d).default(3_600_000),
  DEBRIEF_BACKUP_KEEP: z
    .string()
    .regex(/^\d{1,5}$/, "DEBRIEF_BACKUP_KEEP must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "DEBRIEF_BACKUP_KEEP must be at least 1").max(10_000, "DEBRIEF_BACKUP_KEEP must be at most 10000"))
    .default(24),
  DEBRIEF_BACKUP_RECIPIENT: z
    .string({ message: "DEBRIEF_BACKUP_RECIPIENT (an age public key, age1…) is required for scheduled backups: the server never writes them in the clear" })
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(AGE_RECIPIENT, "DEBRIEF_BACKUP_RECIPIENT must be age public keys (age1…, from age-keygen -y)"))
        .min(1, "DEBRIEF_BACKUP_RECIPIENT is empty")
        .max(20, "at most 20 recipients"),
    ),
  DEBRIEF_BACKUP_COMMAND: z.string().max(4096).optional(),
  DEBRIEF_BACKUP_COMMAND_TIMEOUT: zDuration("DEBRIEF_BACKUP_COMMAND_TIMEOUT", 1_000, 24 * UNIT_MS.h).default(600_000),
});

export type BackupSchedule = {
  dir: string;
  everyMs: number;
  keep: number;
  recipients: string[];
  /** argv of DEBRIEF_BACKUP_COMMAND (never run through a shell). */
  command: string[] | null;
  commandTimeoutMs: number;
};

const SCHEDULE_VARS = ["DEBRIEF_BACKUP_EVERY", "DEBRIEF_BACKUP_KEEP", "DEBRIEF_BACKUP_COMMAND", "DEBRIEF_BACKUP_COMMAND_TIMEOUT"] as const;

/**
 * The backup schedule from the environment, or null when DEBRIEF_BACKUP_DIR
 * is unset. Throws a BackupError naming every bad variable.
 */
export function backupScheduleFromEnv(env: Record<string, string | undefined> = process.env): BackupSchedule | null {
  const present = (name: string) => env[name] !== undefined && env[name] !== "";
  if (!present("DEBRIEF_BACKUP_DIR")) {
    const stray = SCHEDULE_VARS.filter(present);
    if (stray.length) throw new BackupError("config", `${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but DEBRIEF_BACKUP_DIR is not: set it to turn scheduled backups on`);
    return null;
  }
  const input = Object.fromEntries(["DEBRIEF_BACKUP_DIR", "DEBRIEF_BACKUP_RECIPIENT", ...SCHEDULE_VARS].filter(present).map((n) => [n, env[n]]));
  const parsed = ZBackupEnv.safeParse(input);
  if (!parsed.success) {
    throw new BackupError("config", `invalid backup settings: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}`);
  }
  const v = parsed.data;
  let command: string[] | null = null;
  if (v.DEBRIEF_BACKUP_COMMAND?.trim()) {
    try {
      command = parseCommandLine(v.DEBRIEF_BACKUP_COMMAND);
    } catch (err) {
      throw new BackupError("config", `invalid DEBRIEF_BACKUP_COMMAND: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    dir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), v.DEBRIEF_BACKUP_DIR),
    everyMs: v.DEBRIEF_BACKUP_EVERY,
    keep: v.DEBRIEF_BACKUP_KEEP,
    recipients: v.DEBRIEF_BACKUP_RECIPIENT,
    command,
    commandTimeoutMs: v.DEBRIEF_BACKUP_COMMAND_TIMEOUT,
  };
}

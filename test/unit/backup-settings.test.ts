import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backupScheduleFromEnv, formatDuration, parseDuration } from "@/lib/backup/config";
import { commandFor, parseCommandLine } from "@/lib/backup/command-line";
import { runBackupCommand } from "@/lib/backup/command";
import { listBackupFiles, pruneBackups } from "@/lib/backup/files";
import { backupFileName } from "@/lib/backup/status";
import { BackupError } from "@/lib/backup/errors";

const RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const work = mkdtempSync(path.join(os.tmpdir(), "debrief-backup-settings-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function configError(env: Record<string, string>): string {
  try {
    backupScheduleFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(BackupError);
    return (err as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("backup settings", () => {
  it("reads durations such as 90s, 15m, 1h30m and 1d, and nothing else", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    for (const bad of ["", "1", "h", "1.5h", "-1h", "1m1h", "1 h", "1w", "10ms"]) expect(parseDuration(bad), bad).toBeNull();
    expect(formatDuration(5_400_000)).toBe("1h30m");
  });

  it("is off without DEBRIEF_BACKUP_DIR, and says so when other backup settings are set alone", () => {
    expect(backupScheduleFromEnv({})).toBeNull();
    expect(backupScheduleFromEnv({ DEBRIEF_BACKUP_RECIPIENT: RECIPIENT })).toBeNull();
    expect(configError({ DEBRIEF_BACKUP_EVERY: "1h" })).toMatch(/DEBRIEF_BACKUP_EVERY is set but DEBRIEF_BACKUP_DIR is not/);
  });

  it("names every bad setting, and requires a recipient (scheduled backups are never in the clear)", () => {
    const message = configError({ DEBRIEF_BACKUP_DIR: work, DEBRIEF_BACKUP_EVERY: "often", DEBRIEF_BACKUP_KEEP: "0" });
    expect(message).toMatch(/DEBRIEF_BACKUP_EVERY: DEBRIEF_BACKUP_EVERY must be a duration/);
    expect(message).toMatch(/DEBRIEF_BACKUP_KEEP must be at least 1/);
    expect(message).toMatch(/DEBRIEF_BACKUP_RECIPIENT .* is required/);
    expect(configError({ DEBRIEF_BACKUP_DIR: work, DEBRIEF_BACKUP_RECIPIENT: "ssh-ed25519 AAAA" })).toMatch(/age public keys/);
    expect(configError({ DEBRIEF_BACKUP_DIR: work, DEBRIEF_BACKUP_RECIPIENT: RECIPIENT, DEBRIEF_BACKUP_EVERY: "31d" })).toMatch(/between 1s and 30d/);
    expect(configError({ DEBRIEF_BACKUP_DIR: work, DEBRIEF_BACKUP_RECIPIENT: RECIPIENT, DEBRIEF_BACKUP_COMMAND: "rclone 'copy" })).toMatch(/unclosed ' quote/);
  });

  it("gives defaults and the parsed command", () => {
    const schedule = backupScheduleFromEnv({
      DEBRIEF_BACKUP_DIR: "relative/backups",
      DEBRIEF_BACKUP_RECIPIENT: `${RECIPIENT}, ${RECIPIENT}`,
      DEBRIEF_BACKUP_COMMAND: `rclone copyto {file} "remote:debrief backups/latest.age"`,
    });
    expect(schedule).toEqual({
      dir: path.resolve("relative/backups"),
      everyMs: 3_600_000,
      keep: 24,
      recipients: [RECIPIENT, RECIPIENT],
      command: ["rclone", "copyto", "{file}", "remote:debrief backups/latest.age"],
      commandTimeoutMs: 600_000,
    });
  });
});

describe("DEBRIEF_BACKUP_COMMAND", () => {
  it("splits words like a shell would, but expands nothing", () => {
    expect(parseCommandLine(`a 'b c' "d \\"e\\"" f\\ g $HOME *`)).toEqual(["a", "b c", 'd "e"', "f g", "$HOME", "*"]);
    expect(parseCommandLine(`x ''`)).toEqual(["x", ""]);
    expect(() => parseCommandLine("   ")).toThrow(/empty/);
  });

  it("puts the file in place of {file}, or last", () => {
    expect(commandFor(["cp", "{file}", "/mnt/offsite/"], "/b/x.age")).toEqual(["cp", "/b/x.age", "/mnt/offsite/"]);
    expect(commandFor(["upload"], "/b/x.age")).toEqual(["upload", "/b/x.age"]);
  });

  it("never runs the file name through a shell", async () => {
    // Run through a shell, this name would create the marker in the working directory.
    const marker = path.join(process.cwd(), "debrief-test-pwned");
    const hostile = path.join(work, "x; touch debrief-test-pwned; $(touch debrief-test-pwned) `touch debrief-test-pwned`.age");
    writeFileSync(hostile, "backup");
    const copy = path.join(work, "copy.age");
    const result = await runBackupCommand(["cp", "{file}", copy], hostile, 10_000);
    expect(result).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
    expect(readFileSync(copy, "utf8")).toBe("backup");
    expect(() => readFileSync(marker)).toThrow();
  });

  it("passes the file in DEBRIEF_BACKUP_FILE, and records a failure with its output", async () => {
    const result = await runBackupCommand(["sh", "-c", 'echo "got $DEBRIEF_BACKUP_FILE" >&2; exit 3'], "/b/x.age", 10_000);
    expect(result).toMatchObject({ ok: false, exitCode: 3, timedOut: false, error: null });
    expect(result.output).toContain("got /b/x.age");
    const missing = await runBackupCommand(["/nonexistent/uploader"], "/b/x.age", 10_000);
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/ENOENT/);
  });

  it("stops a command that runs past its time limit, with what it started", async () => {
    const result = await runBackupCommand(["sh", "-c", "sleep 30 & sleep 30; echo never"], "/b/x.age", 300);
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.output).not.toContain("never");
  });
});

describe("backup folder", () => {
  it("keeps the newest DEBRIEF_BACKUP_KEEP backups and never touches other files", async () => {
    const dir = mkdtempSync(path.join(work, "rotation-"));
    const names = [0, 1, 2, 3, 4].map((i) => backupFileName(new Date(Date.UTC(2026, 2, 3, 9, i, 0, 7))));
    for (const n of [...names].reverse()) writeFileSync(path.join(dir, n), n);
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    writeFileSync(path.join(dir, "debrief-backup-manual.age"), "mine too");
    expect(await pruneBackups(dir, 2)).toBe(3);
    expect((await listBackupFiles(dir)).map((f) => f.name)).toEqual([names[4], names[3]]);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(path.join(dir, "debrief-backup-manual.age"), "utf8")).toBe("mine too");
  });
});

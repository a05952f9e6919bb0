import type { BackupOverview } from "@/lib/backup/overview";
import type { BackupAttempt } from "@/lib/backup/status";
import { formatBytes } from "@/lib/backup/describe";
import { formatUtcStamp as formatUtc } from "@/lib/time-format";
import { BackupNowButton } from "./backup-now-button";
import { Td, Th } from "@/components/ui/table";

const card = "space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";
const code = "rounded bg-zinc-100 px-1 font-mono text-sm dark:bg-zinc-800";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function CommandResult({ attempt }: { attempt: BackupAttempt }) {
  const c = attempt.command;
  if (!c) return null;
  const verdict = c.ok
    ? `succeeded in ${seconds(c.durationMs)}`
    : c.timedOut
      ? `timed out after ${seconds(c.durationMs)}`
      : c.error
        ? `could not start: ${c.error}`
        : `failed (exit ${c.exitCode ?? c.signal})`;
  return (
    <>
      <dt className="font-medium">Copy command</dt>
      <dd className={c.ok ? "" : "text-red-700 dark:text-red-400"}>
        {verdict}
        {!c.ok && c.output.trim() ? <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap text-sm">{c.output.trim().slice(-800)}</pre> : null}
      </dd>
    </>
  );
}

function Attempt({ attempt, title }: { attempt: BackupAttempt; title: string }) {
  return (
    <section aria-labelledby={`${title}-h`} className={card}>
      <h2 id={`${title}-h`} className="text-xl font-semibold">
        {title}
      </h2>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">Finished</dt>
        <dd>
          <time dateTime={attempt.finishedAt}>{formatUtc(attempt.finishedAt)}</time>
        </dd>
        <dt className="font-medium">Result</dt>
        <dd className={attempt.ok ? "text-green-800 dark:text-green-400" : "text-red-700 dark:text-red-400"} data-backup-result={attempt.ok ? "ok" : "failed"}>
          {attempt.ok ? "Succeeded" : `Failed: ${attempt.error ?? "unknown error"}`}
        </dd>
        {attempt.ok ? (
          <>
            <dt className="font-medium">File</dt>
            <dd className="font-mono text-sm">{attempt.file}</dd>
            <dt className="font-medium">Size</dt>
            <dd data-backup-size>{attempt.bytes === null ? "—" : formatBytes(attempt.bytes)}</dd>
            <dt className="font-medium">Rows</dt>
            <dd>{attempt.rows?.toLocaleString("en-US") ?? "—"}</dd>
          </>
        ) : null}
        <dt className="font-medium">Took</dt>
        <dd>{seconds(attempt.durationMs)}</dd>
        <CommandResult attempt={attempt} />
      </dl>
    </section>
  );
}

/** Settings → Backups: the schedule, the last run and the next, and the files kept. */
export function BackupsPanel({ overview }: { overview: BackupOverview }) {
  if (!overview.enabled) {
    return (
      <div className="space-y-4">
        {overview.problem ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            The backup settings are invalid: {overview.problem}
          </p>
        ) : null}
        <section className={card} aria-labelledby="off-h">
          <h2 id="off-h" className="text-xl font-semibold">
            Scheduled backups are off
          </h2>
          <p>
            Set <code className={code}>DEBRIEF_BACKUP_DIR</code>, <code className={code}>DEBRIEF_BACKUP_RECIPIENT</code> (an age public key) and{" "}
            <code className={code}>DEBRIEF_BACKUP_EVERY</code> and restart the server. Until then, take one from a shell:{" "}
            <code className={code}>npm run backup -- --out debrief.age</code>
          </p>
        </section>
      </div>
    );
  }
  const { status } = overview;
  const last = status?.last ?? null;
  const lastSuccess = status?.lastSuccess ?? null;
  return (
    <div className="space-y-6">
      <section className={card} aria-labelledby="schedule-h">
        <h2 id="schedule-h" className="text-xl font-semibold">
          Schedule
        </h2>
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1">
          <dt className="font-medium">Every</dt>
          <dd>{overview.every}</dd>
          <dt className="font-medium">Next</dt>
          <dd data-backup-next>
            {status?.running ? (
              <>running since {formatUtc(status.running.startedAt)}</>
            ) : status?.nextAt ? (
              <time dateTime={status.nextAt}>{formatUtc(status.nextAt)}</time>
            ) : overview.running ? (
              "—"
            ) : overview.standby ? (
              "run by another instance (the one holding the backup lease); its folder and status are on its machine"
            ) : (
              "not scheduled by this server process"
            )}
          </dd>
          <dt className="font-medium">Folder</dt>
          <dd className="font-mono text-sm break-all">{overview.dir}</dd>
          <dt className="font-medium">Keeps</dt>
          <dd>the newest {overview.keep}</dd>
          <dt className="font-medium">Encrypted to</dt>
          <dd className="font-mono text-sm break-all">{overview.recipients.join(", ")}</dd>
          <dt className="font-medium">Then runs</dt>
          <dd>{overview.commandProgram ? <code className={code}>{overview.commandProgram} …</code> : "nothing"}</dd>
        </dl>
        <BackupNowButton disabled={!overview.running || Boolean(status?.running)} />
      </section>

      {last ? <Attempt attempt={last} title="Last backup" /> : <p>No backup has run yet.</p>}
      {last && !last.ok && lastSuccess ? <Attempt attempt={lastSuccess} title="Last successful backup" /> : null}

      <section className={card} aria-labelledby="files-h">
        <h2 id="files-h" className="text-xl font-semibold">
          Backups kept
        </h2>
        {overview.files.length ? (
          <table className="w-full text-left">
            <thead>
              <tr>
                <Th>File</Th>
                <Th>Size</Th>
                <Th>Written</Th>
              </tr>
            </thead>
            <tbody>
              {overview.files.map((f) => (
                <tr key={f.name}>
                  <Td className="font-mono text-sm">{f.name}</Td>
                  <Td>{formatBytes(f.bytes)}</Td>
                  <Td>{formatUtc(f.modifiedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>None in the folder yet.</p>
        )}
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          To restore one elsewhere: <code className={code}>npm run restore -- FILE --identity key.txt</code> with the server stopped. Without
          Debrief: <code className={code}>age -d -i key.txt FILE | gunzip</code> gives its JSON lines.
        </p>
      </section>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { settingsApi } from "./api";

/** Starts a backup now (POST /api/v1/backups) and refreshes the page to show it running. */
export function BackupNowButton({ disabled }: { disabled: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function start() {
    setBusy(true);
    setMessage(null);
    const res = await settingsApi.startBackup();
    setBusy(false);
    setMessage(res.ok ? { ok: true, text: "Backup started. Reload this page to see its result." } : { ok: false, text: res.message });
    if (res.ok) router.refresh();
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="primary" onClick={start} disabled={busy || disabled}>
        {busy ? "Starting…" : "Back up now"}
      </Button>
      <p role="status" className={message?.ok === false ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}

"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret shown once (a new API key, a generated password) with a copy
 * button. It lives only in this component's state: leaving or pressing Done
 * forgets it, and the server cannot show it again.
 */
export function SecretOnce({ label, secret, warning, onDone, testId }: { label: string; secret: string; warning: string; onDone: () => void; testId: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <div role="status" className="space-y-2 rounded-md border-2 border-amber-500 bg-amber-50 p-4 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-semibold">{label}</p>
      <p>
        <strong>{warning}</strong>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="rounded bg-white px-2 py-1 font-mono text-base break-all text-zinc-900 select-all dark:bg-zinc-900 dark:text-zinc-100">
          {secret}
        </code>
        <Button
          size="sm"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied("yes");
            } catch {
              setCopied("failed");
            }
          }}
        >
          Copy
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
        <span aria-live="polite" className="text-sm">
          {copied === "yes" ? "Copied." : copied === "failed" ? "Could not copy; select the text and copy it by hand." : ""}
        </span>
      </div>
    </div>
  );
}

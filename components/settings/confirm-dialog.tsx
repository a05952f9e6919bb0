"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Ask before something that cannot be undone; the dialog shows the API's error if it fails. */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  children,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  /** Resolves to an error message, or null when done. */
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={title}>
      <div className="space-y-4">
        <div>{children}</div>
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <div className="flex gap-2">
          <Button
            variant="danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const failed = await onConfirm();
              setBusy(false);
              if (failed) setError(failed);
              else close();
            }}
          >
            {busy ? "…" : confirmLabel}
          </Button>
          <Button onClick={close}>Cancel</Button>
        </div>
      </div>
    </Dialog>
  );
}

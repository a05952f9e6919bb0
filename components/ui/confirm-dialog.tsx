"use client";

import type { ReactNode } from "react";
import type { ApiResult } from "@/lib/api-client";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { ErrorMessage } from "./messages";
import { useRequest } from "./use-request";

/**
 * Ask before something that cannot be undone, about one thing (`target`):
 * the dialog is open while a target is set, confirming sends `run(target)`,
 * a refusal's message stays in the dialog, and success hands the answer to
 * `onDone` and closes it.
 */
export function ConfirmDialog<T, R>({
  target,
  title,
  confirmLabel,
  children,
  run,
  onDone,
  onClose,
}: {
  target: T | null;
  title: string;
  confirmLabel: string;
  /** The question, about this target. */
  children: (target: T) => ReactNode;
  run: (target: T) => Promise<ApiResult<R>>;
  onDone: (answer: R, target: T) => void;
  onClose: () => void;
}) {
  const { busy, error, setError, send } = useRequest();
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog open={target !== null} onClose={close} title={title}>
      {target === null ? null : (
        <div className="space-y-4">
          <div>{children(target)}</div>
          <ErrorMessage error={error} />
          <div className="flex gap-2">
            <Button
              variant="danger"
              disabled={busy}
              onClick={async () => {
                const answer = await send(() => run(target));
                if (answer === null) return;
                onDone(answer, target);
                close();
              }}
            >
              {busy ? "…" : confirmLabel}
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

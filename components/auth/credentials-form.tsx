"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";

export type Credentials = { email: string; password: string; name: string; setupCode: string };

const INPUT =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-lg dark:border-zinc-600 dark:bg-zinc-900";

/**
 * Email + password (and a name when creating an account). The caller does
 * the request; this shows its error and keeps what was typed.
 */
export function CredentialsForm({
  withName,
  withSetupCode = false,
  submitLabel,
  onSubmit,
}: {
  withName: boolean;
  /** First-run setup from another machine: the code from the server log. */
  withSetupCode?: boolean;
  submitLabel: string;
  onSubmit: (c: Credentials) => Promise<string | null>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => {
      const value = form.get(key);
      return typeof value === "string" ? value : "";
    };
    setBusy(true);
    setError(await onSubmit({ email: text("email"), password: text("password"), name: text("name"), setupCode: text("setupCode") }));
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="flex max-w-sm flex-col gap-4" aria-describedby={error ? "auth-error" : undefined}>
      {withSetupCode ? (
        <label className="flex flex-col gap-1">
          <span className="font-medium">Setup code</span>
          <input name="setupCode" required autoComplete="off" spellCheck={false} maxLength={64} placeholder="XXXX-XXXX-XXXX" className={`${INPUT} font-mono`} />
        </label>
      ) : null}
      {withName ? (
        <label className="flex flex-col gap-1">
          <span className="font-medium">Name</span>
          <input name="name" required autoComplete="name" className={INPUT} />
        </label>
      ) : null}
      <label className="flex flex-col gap-1">
        <span className="font-medium">Email</span>
        <input name="email" type="email" required autoComplete="email" autoFocus className={INPUT} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Password</span>
        <input
          name="password"
          type="password"
          required
          autoComplete={withName ? "new-password" : "current-password"}
          className={INPUT}
        />
      </label>
      {error ? (
        <p id="auth-error" role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "…" : submitLabel}
      </Button>
    </form>
  );
}

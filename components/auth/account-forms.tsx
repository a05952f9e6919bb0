"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { accountApi } from "./api";
import { ZChangeOwnPassword, ZUpdateOwnProfile } from "@/lib/auth/schemas";
import { PASSWORD_MIN } from "@/lib/auth/limits";
import { Input, labelClass } from "@/components/ui/input";

function text(data: FormData, key: string): string {
  const v = data.get(key);
  return typeof v === "string" ? v : "";
}

function Status({ error, notice }: { error: string | null; notice: string | null }) {
  return (
    <div aria-live="polite">
      {notice ? <p className="text-emerald-800 dark:text-emerald-300">{notice}</p> : null}
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The name shown on every entry and change one makes. */
export function NameForm({ initialName }: { initialName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const valid = ZUpdateOwnProfile.safeParse({ name: text(new FormData(event.currentTarget), "name") });
    if (!valid.success) {
      setError(`Name ${valid.error.issues[0]?.message ?? "is not valid"}`);
      return;
    }
    setBusy(true);
    const res = await accountApi.updateProfile(valid.data);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError(null);
    setNotice("Name saved.");
    router.refresh();
  }

  return (
    <form onSubmit={submit} aria-labelledby="account-name" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="account-name" className="text-xl font-semibold">
        Name
      </h2>
      <label className="flex flex-col gap-1">
        <span className={labelClass}>Your name</span>
        <Input name="name" required maxLength={100} defaultValue={initialName} autoComplete="name" />
      </label>
      <Status error={error} notice={notice} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Saving…" : "Save name"}
      </Button>
    </form>
  );
}

/** Change one's own password; every other session is signed out. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    if (text(data, "newPassword") !== text(data, "confirmPassword")) {
      setError("The new password and its confirmation differ.");
      return;
    }
    const valid = ZChangeOwnPassword.safeParse({ currentPassword: text(data, "currentPassword"), newPassword: text(data, "newPassword") });
    if (!valid.success) {
      setError(valid.error.issues.map((i) => `${i.path.join(".") === "newPassword" ? "New password" : "Current password"} ${i.message}`).join("; "));
      return;
    }
    setBusy(true);
    const res = await accountApi.changePassword(valid.data);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    form.reset();
    setError(null);
    const n = res.data.signedOutSessions;
    setNotice(`Password changed.${n > 0 ? ` Signed out of ${n} other session${n === 1 ? "" : "s"}.` : ""}`);
  }

  return (
    <form onSubmit={submit} aria-labelledby="account-password" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="account-password" className="text-xl font-semibold">
        Password
      </h2>
      <label className="flex flex-col gap-1">
        <span className={labelClass}>Current password</span>
        <Input name="currentPassword" type="password" required autoComplete="current-password" />
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelClass}>New password (at least {PASSWORD_MIN} characters)</span>
        <Input name="newPassword" type="password" required minLength={PASSWORD_MIN} autoComplete="new-password" />
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelClass}>New password again</span>
        <Input name="confirmPassword" type="password" required autoComplete="new-password" />
      </label>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your other sessions (other browsers and devices) are signed out; this one stays.</p>
      <Status error={error} notice={notice} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

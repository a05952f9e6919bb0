"use client";

import { useState, type FormEvent } from "react";
import { ROLES, ZCreateUser } from "@/lib/auth/schemas";
import { isRole, type Role } from "@/lib/auth/actor";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "./confirm-dialog";
import { SecretOnce } from "./secret-once";
import { settingsApi, type UserJson } from "./api";
import { Input, Select, labelClass } from "@/components/ui/input";
import { Td, Th } from "@/components/ui/table";
import { formatUtcStamp as formatUtc } from "@/lib/time-format";

/** 18 random bytes as base64url: 24 characters, well past the minimum length. */
function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function CreateUserForm({ onCreated }: { onCreated: (user: UserJson, generatedPassword: string | null) => void }) {
  const [generate, setGenerate] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (key: string) => {
      const v = data.get(key);
      return typeof v === "string" ? v : "";
    };
    const password = generate ? generatePassword() : text("password");
    const input = { email: text("email"), name: text("name"), role: text("role"), password };
    const valid = ZCreateUser.safeParse(input);
    if (!valid.success) {
      setError(valid.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; "));
      return;
    }
    setBusy(true);
    setError(null);
    const res = await settingsApi.createUser(valid.data);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    form.reset();
    setGenerate(true);
    onCreated(res.data, generate ? password : null);
  }

  return (
    <form onSubmit={submit} aria-labelledby="create-user" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="create-user" className="text-xl font-semibold">
        Create a user
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="flex flex-col gap-1">
          <span className={labelClass}>Email</span>
          <Input name="email" type="email" required maxLength={254} autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1">
          <span className={labelClass}>Name</span>
          <Input name="name" required autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1">
          <span className={labelClass}>Role</span>
          <Select name="role" defaultValue="responder">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <fieldset className="space-y-2">
        <legend className={labelClass}>Initial password</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="password-mode" checked={generate} onChange={() => setGenerate(true)} />
          Generate one (shown once after creating)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="password-mode" checked={!generate} onChange={() => setGenerate(false)} />
          Set one now
        </label>
        {!generate ? (
          <label className="flex max-w-sm flex-col gap-1">
            <span className={labelClass}>Password (at least 10 characters)</span>
            <Input name="password" type="password" required autoComplete="new-password" />
          </label>
        ) : null}
      </fieldset>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}

/** Every account: create one, change a role, sign someone out everywhere, deactivate or reactivate. */
export function UsersManager({ initialUsers, currentUserId }: { initialUsers: UserJson[]; currentUserId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [created, setCreated] = useState<{ user: UserJson; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<UserJson | null>(null);
  const [deactivating, setDeactivating] = useState<UserJson | null>(null);

  const replace = (user: UserJson) => setUsers((list) => list.map((u) => (u.id === user.id ? user : u)));

  async function changeRole(user: UserJson, role: Role) {
    setError(null);
    setNotice(null);
    const res = await settingsApi.setUserRole(user.id, role);
    if (!res.ok) {
      setError(`Could not change the role of ${user.name}: ${res.message}`);
      return;
    }
    replace(res.data);
    setNotice(`${res.data.name} is now ${res.data.role}.`);
  }

  async function reactivate(user: UserJson) {
    setError(null);
    setNotice(null);
    const res = await settingsApi.setActive(user.id, true);
    if (!res.ok) {
      setError(`Could not reactivate ${user.name}: ${res.message}`);
      return;
    }
    replace(res.data);
    setNotice(`${res.data.name} is active again and may sign in.`);
  }

  return (
    <div className="space-y-6">
      <CreateUserForm
        onCreated={(user, password) => {
          setUsers((list) => [...list, user]);
          setCreated(password ? { user, password } : null);
          setNotice(`Created ${user.name} (${user.role}).`);
          setError(null);
        }}
      />
      {created ? (
        <SecretOnce
          label={`Initial password for ${created.user.email}`}
          warning="Shown only now: copy it and hand it over in a safe way. Nobody can read it again."
          secret={created.password}
          testId="generated-password"
          onDone={() => setCreated(null)}
        />
      ) : null}
      <div aria-live="polite">
        {notice ? <p className="text-emerald-800 dark:text-emerald-300">{notice}</p> : null}
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
      <div className="relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">Users</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <Th scope="col">Name</Th>
              <Th scope="col">Email</Th>
              <Th scope="col">Role</Th>
              <Th scope="col">Created</Th>
              <Th scope="col">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email} className="border-b border-zinc-100 dark:border-zinc-800">
                <Td>
                  {u.name}
                  {u.id === currentUserId ? <span className="ml-1 text-sm text-zinc-500">(you)</span> : null}
                  {u.banned ? (
                    <span data-testid="user-deactivated" className="ml-1 text-sm font-medium text-red-700 dark:text-red-400">
                      deactivated
                    </span>
                  ) : null}
                </Td>
                <Td>{u.email}</Td>
                <Td>
                  <select
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    onChange={(e) => {
                      if (isRole(e.target.value)) void changeRole(u, e.target.value);
                    }}
                    className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-600 dark:bg-zinc-900"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </Td>
                <Td className="font-mono whitespace-nowrap">
                  <time dateTime={u.createdAt}>{formatUtc(u.createdAt)}</time>
                </Td>
                <Td className="whitespace-nowrap">
                  <div className="flex flex-wrap gap-2">
                    <Button size="sm" onClick={() => setRevoking(u)} aria-label={`Sign out everywhere: ${u.name}`}>
                      Sign out everywhere
                    </Button>
                    {u.banned ? (
                      <Button size="sm" onClick={() => void reactivate(u)} aria-label={`Reactivate: ${u.name}`}>
                        Reactivate
                      </Button>
                    ) : u.id === currentUserId ? null : (
                      <Button size="sm" variant="danger" onClick={() => setDeactivating(u)} aria-label={`Deactivate: ${u.name}`}>
                        Deactivate
                      </Button>
                    )}
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Sign out everywhere"
        confirmLabel="Sign out everywhere"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return null;
          const res = await settingsApi.revokeSessions(revoking.id);
          if (!res.ok) return res.message;
          const n = res.data.revoked;
          setNotice(`Signed ${revoking.name} out of ${n} session${n === 1 ? "" : "s"}.`);
          return null;
        }}
      >
        <p>
          End every session of <strong>{revoking?.name}</strong> ({revoking?.email})? Their open pages go to the sign-in page on the next load.
          {revoking?.id === currentUserId ? " That includes this one." : ""}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={deactivating !== null}
        title="Deactivate account"
        confirmLabel="Deactivate"
        onClose={() => setDeactivating(null)}
        onConfirm={async () => {
          if (!deactivating) return null;
          const res = await settingsApi.setActive(deactivating.id, false);
          if (!res.ok) return res.message;
          replace(res.data);
          setNotice(`${res.data.name} is deactivated.`);
          return null;
        }}
      >
        <p>
          Deactivate <strong>{deactivating?.name}</strong> ({deactivating?.email})? They are signed out everywhere, cannot sign in, and their
          personal API keys stop working until you reactivate them. Everything they wrote stays.
        </p>
      </ConfirmDialog>
    </div>
  );
}

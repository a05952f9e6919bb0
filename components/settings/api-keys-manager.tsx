"use client";

import { useState, type FormEvent } from "react";
import { ROLES, ZCreateApiKey } from "@/lib/auth/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "./confirm-dialog";
import { SecretOnce } from "./secret-once";
import { settingsApi, type ApiKeyJson } from "./api";
import { Input, Select, labelClass } from "@/components/ui/input";
import { Td, Th } from "@/components/ui/table";
import { formatUtcStamp as formatUtc } from "@/lib/time-format";

/** API keys for scripts and bots: create (the key is shown once), list, revoke. */
export function ApiKeysManager({ initialKeys }: { initialKeys: ApiKeyJson[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyJson | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const valid = ZCreateApiKey.safeParse({ name: data.get("name"), role: data.get("role"), service: data.get("kind") === "service" });
    if (!valid.success) {
      setError(valid.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; "));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await settingsApi.createApiKey(valid.data);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    form.reset();
    setKeys((list) => [res.data.apiKey, ...list]);
    setCreated({ name: res.data.apiKey.name, key: res.data.key });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} aria-labelledby="create-key" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="create-key" className="text-xl font-semibold">
          Create an API key
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Scripts send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. A personal key acts for you: never with more
          than your current role, and not while your account is deactivated. A service key belongs to no one and keeps its role until revoked.
        </p>
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
          <legend className={`${labelClass} mb-1`}>Kind</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="personal" defaultChecked />
            Personal (bound to you)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="service" />
            Service key (not tied to a person)
          </label>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
          <label className="flex flex-col gap-1">
            <span className={labelClass}>Name</span>
            <Input name="name" required placeholder="PagerDuty bridge" autoComplete="off" />
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
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Creating…" : "Create key"}
          </Button>
        </div>
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </form>
      {created ? (
        <SecretOnce
          label={`New API key “${created.name}”`}
          warning="Copy this key now. It is shown only once: Debrief keeps only a hash and cannot show it again."
          secret={created.key}
          testId="new-api-key"
          onDone={() => setCreated(null)}
        />
      ) : null}
      {notice ? (
        <p aria-live="polite" className="text-emerald-800 dark:text-emerald-300">
          {notice}
        </p>
      ) : null}
      <div className="relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">API keys, newest first</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <Th scope="col">Name</Th>
              <Th scope="col">Key</Th>
              <Th scope="col">Acts for</Th>
              <Th scope="col">Role</Th>
              <Th scope="col">Created</Th>
              <Th scope="col">Last used</Th>
              <Th scope="col">Status</Th>
              <Th scope="col">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-zinc-600 dark:text-zinc-400">
                  No API keys yet.
                </td>
              </tr>
            ) : null}
            {keys.map((k) => (
              <tr key={k.id} data-testid="api-key-row" data-key-name={k.name} data-kind={k.kind} className="border-b border-zinc-100 dark:border-zinc-800">
                <Td>{k.name}</Td>
                <Td className="font-mono">{k.prefix}…</Td>
                <Td data-testid="api-key-owner">
                  {k.kind === "service" ? (
                    <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-sm font-medium dark:bg-zinc-800">Service key</span>
                  ) : (
                    (k.createdBy ?? "a removed user")
                  )}
                </Td>
                <Td data-testid="api-key-role">
                  {k.role}
                  {!k.revokedAt && k.effectiveRole !== k.role ? (
                    <span className="block text-xs text-amber-800 dark:text-amber-300">
                      {k.effectiveRole ? `acts as ${k.effectiveRole} (its owner's role)` : "inactive: its owner is deactivated"}
                    </span>
                  ) : null}
                </Td>
                <Td className="font-mono whitespace-nowrap">{formatUtc(k.createdAt)}</Td>
                <Td className="font-mono whitespace-nowrap">{k.lastUsedAt ? formatUtc(k.lastUsedAt) : "never"}</Td>
                <Td>
                  {k.revokedAt ? (
                    <span className="text-red-700 dark:text-red-400">Revoked {formatUtc(k.revokedAt)}</span>
                  ) : (
                    <span className="text-emerald-800 dark:text-emerald-300">Active</span>
                  )}
                </Td>
                <Td>
                  {k.revokedAt ? null : (
                    <Button size="sm" variant="danger" onClick={() => setRevoking(k)} aria-label={`Revoke: ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke API key"
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return null;
          const res = await settingsApi.revokeApiKey(revoking.id);
          if (!res.ok) return res.message;
          setKeys((list) => list.map((k) => (k.id === res.data.id ? { ...res.data, createdBy: k.createdBy } : k)));
          setNotice(`Revoked “${res.data.name}”.`);
          return null;
        }}
      >
        <p>
          Revoke <strong>{revoking?.name}</strong> ({revoking?.prefix}…)? Every script using it gets 401 from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

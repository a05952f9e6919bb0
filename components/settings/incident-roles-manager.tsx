"use client";

import { useState, type FormEvent } from "react";
import { ROLE_LIMITS, ZCreateIncidentRole } from "@/lib/incident-roles/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "./confirm-dialog";
import type { RoleDefinitionJson } from "@/lib/incident-roles/wire";
import { settingsApi } from "./api";
import { Input, labelClass } from "@/components/ui/input";
import { Td, Th } from "@/components/ui/table";

/**
 * The roles offered in every incident header: the built-in commander,
 * scribe and communications lead (renamable, never removed) and the
 * custom ones admins add (at most 20 offered at a time).
 */
export function IncidentRolesManager({ initialRoles }: { initialRoles: RoleDefinitionJson[] }) {
  const [roles, setRoles] = useState(initialRoles);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<RoleDefinitionJson | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const valid = ZCreateIncidentRole.safeParse({ name: data.get("name"), description: data.get("description") ?? "" });
    if (!valid.success) {
      setError(valid.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await settingsApi.createRole({ name: valid.data.name, description: valid.data.description ?? "" });
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    form.reset();
    setRoles((list) => [...list, res.data]);
    setNotice(`Added “${res.data.name}”: it is offered on every incident from now on.`);
  }

  const full = roles.length >= ROLE_LIMITS.activeMax;
  return (
    <div className="space-y-6">
      <form onSubmit={add} aria-labelledby="add-role" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="add-role" className="text-xl font-semibold">
          Add a role
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Responders give roles from the incident header; each change is written to the timeline. Roles never appear on the public status page.
          At most {ROLE_LIMITS.activeMax} roles are offered at a time.
        </p>
        <div className="grid gap-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end">
          <label className="flex flex-col gap-1">
            <span className={labelClass}>Name</span>
            <Input name="name" required maxLength={ROLE_LIMITS.nameMax} placeholder="Customer liaison" autoComplete="off" />
          </label>
          <label className="flex flex-col gap-1">
            <span className={labelClass}>What they do (optional)</span>
            <Input name="description" maxLength={ROLE_LIMITS.descriptionMax} autoComplete="off" />
          </label>
          <Button type="submit" variant="primary" disabled={busy || full}>
            {busy ? "Adding…" : "Add role"}
          </Button>
        </div>
        {full ? <p className="text-sm text-amber-800 dark:text-amber-300">{ROLE_LIMITS.activeMax} roles are offered: remove one to add another.</p> : null}
        {error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </form>
      {notice ? (
        <p aria-live="polite" className="text-emerald-800 dark:text-emerald-300">
          {notice}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">Incident roles, in the order the header shows them</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <Th scope="col">Name</Th>
              <Th scope="col">What they do</Th>
              <Th scope="col">In the API</Th>
              <Th scope="col">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) =>
              editing === r.key ? (
                <EditRow
                  key={r.id}
                  role={r}
                  onCancel={() => setEditing(null)}
                  onSaved={(saved) => {
                    setRoles((list) => list.map((x) => (x.id === saved.id ? saved : x)));
                    setEditing(null);
                    setNotice(`Saved “${saved.name}”.`);
                  }}
                />
              ) : (
                <tr key={r.id} data-testid="role-row" data-role-key={r.key} className="border-b border-zinc-100 dark:border-zinc-800">
                  <Td className="font-medium">
                    {r.name}
                    {r.builtIn ? <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">built-in</span> : null}
                  </Td>
                  <Td>{r.description || <span className="text-zinc-500">—</span>}</Td>
                  <Td className="font-mono text-sm">{r.key}</Td>
                  <Td className="whitespace-nowrap">
                    <Button size="sm" onClick={() => setEditing(r.key)} aria-label={`Rename: ${r.name}`}>
                      Rename
                    </Button>{" "}
                    {r.builtIn ? null : (
                      <Button size="sm" variant="danger" onClick={() => setRemoving(r)} aria-label={`Remove: ${r.name}`}>
                        Remove
                      </Button>
                    )}
                  </Td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={removing !== null}
        title="Remove role"
        confirmLabel="Remove role"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return null;
          const res = await settingsApi.removeRole(removing.key);
          if (!res.ok) return res.message;
          setRoles((list) => list.filter((x) => x.id !== res.data.id));
          setNotice(`Removed “${res.data.name}”.`);
          return null;
        }}
      >
        <p>
          Remove <strong>{removing?.name}</strong>? It is no longer offered on incidents. Where someone holds it now, the header keeps showing who
          until they are unassigned; past changes stay in each timeline.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function EditRow({ role, onCancel, onSaved }: { role: RoleDefinitionJson; onCancel: () => void; onSaved: (role: RoleDefinitionJson) => void }) {
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const res = await settingsApi.updateRole(role.key, { name, description });
    setBusy(false);
    if (!res.ok) setError(res.message);
    else onSaved(res.data);
  }
  return (
    <tr className="border-b border-zinc-100 dark:border-zinc-800">
      <Td colSpan={4}>
        <form onSubmit={save} className="flex flex-wrap items-end gap-2" aria-label={`Rename ${role.name}`}>
          <label className="flex flex-col gap-1">
            <span className={labelClass}>Name</span>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={ROLE_LIMITS.nameMax} required autoFocus />
          </label>
          <label className="flex flex-1 flex-col gap-1">
            <span className={labelClass}>What they do</span>
            <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={ROLE_LIMITS.descriptionMax} />
          </label>
          <Button type="submit" variant="primary" size="sm" disabled={busy}>
            Save
          </Button>
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
          {error ? (
            <p role="alert" className="w-full text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </form>
      </Td>
    </tr>
  );
}

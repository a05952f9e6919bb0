"use client";

import { useId, useState, type FormEvent } from "react";
import { ACTION_STATUSES, ACTION_TYPES, PRIORITIES } from "@/lib/action-items/schemas";
import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS, ACTION_TYPE_LABELS } from "@/lib/action-items/labels";
import { PersonPicker } from "@/components/people/person-picker";
import { issueFor, type FieldIssue } from "@/lib/api-client";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Options, Select, Textarea, labelClass } from "@/components/ui/input";

export type ActionItemFormValues = {
  title: string;
  description: string;
  /** The owner's name: an account's (with ownerId) or someone without one. */
  owner: string;
  /** The owner's account, "" for free text or nobody. */
  ownerId: string;
  dueDate: string;
  priority: string;
  type: string;
  status: string;
  wontDoReason: string;
  externalUrl: string;
  contributingFactorId: string;
};

export const EMPTY_FORM: ActionItemFormValues = {
  title: "",
  description: "",
  owner: "",
  ownerId: "",
  dueDate: "",
  priority: "medium",
  type: "prevent",
  status: "open",
  wontDoReason: "",
  externalUrl: "",
  contributingFactorId: "",
};

export type SubmitOutcome = { ok: true } | { ok: false; message: string; issues: FieldIssue[] };

/**
 * The fields of an action item, for creating and editing. Checking is the
 * server's (the same zod schema answers with the field at fault); this
 * form shows each message next to its field.
 */
export function ActionItemForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  factors = [],
}: {
  initial: ActionItemFormValues;
  submitLabel: string;
  onSubmit: (values: ActionItemFormValues) => Promise<SubmitOutcome>;
  onCancel: () => void;
  factors?: Array<{ id: string; title: string }>;
}) {
  const id = useId();
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const set = (field: keyof ActionItemFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  // An account that cannot own the item is reported on ownerId: show it at the owner field.
  const err = (field: string) => (problem ? (issueFor(problem.issues, field) ?? (field === "owner" ? issueFor(problem.issues, "ownerId") : undefined)) : undefined);
  const described = (field: string) => (err(field) ? `${id}-${field}-error` : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const outcome = await onSubmit(values);
    setBusy(false);
    setProblem(outcome.ok ? null : { message: outcome.message, issues: outcome.issues });
  }

  const field = (name: keyof ActionItemFormValues, text: string, control: React.ReactNode) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={`block ${labelClass}`}>
        {text}
      </label>
      {control}
      {err(name) ? (
        <FieldError id={`${id}-${name}-error`}>
          {text}: {err(name)}
        </FieldError>
      ) : null}
    </div>
  );
  const common = (name: keyof ActionItemFormValues) => ({
    id: `${id}-${name}`,
    name,
    value: values[name],
    onChange: set(name),
    "aria-invalid": err(name) ? true : undefined,
    "aria-describedby": described(name),
  });
  // A field picked from a fixed list (priority, type, status).
  const choice = (name: keyof ActionItemFormValues, text: string, values: readonly string[], labels: Record<string, string>) =>
    field(
      name,
      text,
      <Select {...common(name)} density="compact" className="w-full">
        <Options values={values} labels={labels} />
      </Select>,
    );

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {problem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {problem.message}
        </p>
      ) : null}
      {field("title", "Title", <Input {...common("title")} density="compact" className="w-full" required autoFocus />)}
      {field("description", "Description", <Textarea {...common("description")} density="compact" className="w-full" rows={3} />)}
      <div className="grid gap-3 sm:grid-cols-2">
        {field(
          "owner",
          "Owner",
          <PersonPicker
            id={`${id}-owner`}
            value={{ userId: values.ownerId || null, name: values.owner }}
            onChange={(p) => setValues((v) => ({ ...v, owner: p.name, ownerId: p.userId ?? "" }))}
            invalid={Boolean(err("owner") ?? err("ownerId"))}
            describedBy={described("owner")}
            placeholder="Name or email (or a name without an account)"
          />,
        )}
        {field("dueDate", "Due date", <Input {...common("dueDate")} type="date" density="compact" className="w-full" />)}
        {choice("priority", "Priority", PRIORITIES, ACTION_PRIORITY_LABELS)}
        {choice("type", "Type", ACTION_TYPES, ACTION_TYPE_LABELS)}
        {choice("status", "Status", ACTION_STATUSES, ACTION_STATUS_LABELS)}
        {field("externalUrl", "Issue link (Jira, Linear, GitHub)", <Input {...common("externalUrl")} type="url" density="compact" className="w-full" placeholder="https://…" />)}
      </div>
      {values.status === "wont_do"
        ? field("wontDoReason", "Why won't it be done?", <Textarea {...common("wontDoReason")} density="compact" className="w-full" rows={2} required />)
        : null}
      {factors.length > 0
        ? field(
            "contributingFactorId",
            "Contributing factor",
            <Select {...common("contributingFactorId")} density="compact" className="w-full">
              <option value="">None</option>
              {factors.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title}
                </option>
              ))}
            </Select>,
          )
        : null}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" size="compact" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" size="compact" type="submit" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}

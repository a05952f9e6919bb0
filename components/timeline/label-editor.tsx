"use client";

import { useEffect, useId, useRef, useState } from "react";
import { LIMITS } from "@/lib/validation";
import { Kbd } from "@/components/ui/kbd";
import { Input } from "@/components/ui/input";

/** The short status label of an entry (the postmortem's Status column). Enter saves, empty clears, Esc cancels. */
export function LabelEditor({
  initial,
  error,
  onSave,
  onCancel,
}: {
  initial: string;
  error: string | null;
  onSave: (label: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    ref.current?.select();
  }, []);
  return (
    <div className="my-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Status label <span className="font-normal text-zinc-500">(max {LIMITS.statusLabelMax} characters; <Kbd>Enter</Kbd> saves, <Kbd>Esc</Kbd> cancels)</span>
      </label>
      <Input
        ref={ref}
        id={id}
        value={value}
        autoComplete="off"
        placeholder="e.g. Investigating, Mitigated, Resolved"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onSave(value);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
        onBlur={onCancel}
        density="inline"
        strong
        className="w-full max-w-md"
      />
      {error ? (
        <p role="alert" className="font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

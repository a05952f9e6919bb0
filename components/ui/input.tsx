import type { ComponentProps, ReactNode } from "react";

type Density = "comfortable" | "compact";

const BASE =
  "rounded-md border border-zinc-300 bg-white text-zinc-900 placeholder:text-zinc-400 disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
const DENSITY: Record<Density, string> = {
  /** Forms of their own (settings, account): full width, roomy. */
  comfortable: "w-full px-3 py-2",
  /** Toolbars, filters and dialogs beside a table. */
  compact: "px-2 py-1.5",
};

/** The text-field look, for a field drawn by another component. */
export function fieldClass(density: Density = "comfortable"): string {
  return `${BASE} ${DENSITY[density]}`;
}

type FieldProps = { density?: Density };

export function Input({ density, className = "", ...props }: ComponentProps<"input"> & FieldProps) {
  return <input className={`${fieldClass(density)} ${className}`} {...props} />;
}

export function Select({ density, className = "", ...props }: ComponentProps<"select"> & FieldProps) {
  return <select className={`${fieldClass(density)} ${className}`} {...props} />;
}

export function Textarea({ density, className = "", ...props }: ComponentProps<"textarea"> & FieldProps) {
  return <textarea className={`${fieldClass(density)} ${className}`} {...props} />;
}

/** A field's caption (inside a <label>, a <legend>, or a <label htmlFor>). */
export const labelClass = "text-sm font-medium text-zinc-700 dark:text-zinc-300";

/** A field with its caption above it: the <label> wraps both, so the caption names the control. */
export function Field({ label, className = "", children }: { label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <label className={`flex flex-col gap-1 ${className}`}>
      <span className={labelClass}>{label}</span>
      {children}
    </label>
  );
}

export function FieldError({ className = "", ...props }: ComponentProps<"p">) {
  return <p className={`mt-1 text-sm text-red-700 dark:text-red-400 ${className}`} {...props} />;
}

import type { ComponentProps, ReactNode } from "react";

type Density = "comfortable" | "compact" | "inline";

const BASE = "rounded-md bg-white text-zinc-900 placeholder:text-zinc-400 disabled:opacity-60 dark:bg-zinc-900 dark:text-zinc-100";
const DENSITY: Record<Density, string> = {
  /** Forms of their own (settings, account): full width, roomy. */
  comfortable: "w-full px-3 py-2",
  /** Toolbars, filters and dialogs beside a table. */
  compact: "px-2 py-1.5",
  /** Inside a row or a long form (an entry being edited, a postmortem's rows). */
  inline: "px-2 py-1",
};

export type FieldStyle = {
  density?: Density;
  /** A thick border: the fields of a live incident (the entry box, a row's editor), read at 3 a.m. */
  strong?: boolean;
  /** "public": what is typed goes to the status page (violet, like the public badge). */
  tone?: "normal" | "public";
};

/** The text-field look, for a field drawn by another component or a server page. */
export function fieldClass({ density = "comfortable", strong = false, tone = "normal" }: FieldStyle = {}): string {
  const border =
    tone === "public" ? "border-violet-600 dark:border-violet-400" : strong ? "border-zinc-400 dark:border-zinc-500" : "border-zinc-300 dark:border-zinc-600";
  return `${BASE} ${strong ? "border-2" : "border"} ${border} ${DENSITY[density]}`;
}

type FieldProps = FieldStyle;

export function Input({ density, strong, tone, className = "", ...props }: ComponentProps<"input"> & FieldProps) {
  return <input className={`${fieldClass({ density, strong, tone })} ${className}`} {...props} />;
}

export function Select({ density, strong, tone, className = "", ...props }: ComponentProps<"select"> & FieldProps) {
  return <select className={`${fieldClass({ density, strong, tone })} ${className}`} {...props} />;
}

/**
 * The <option>s of a fixed list of values, in its order, each shown by its
 * label (or as itself where there is none). Inside a <Select> or <select>.
 */
export function Options({ values, labels }: { values: readonly (string | number)[]; labels?: Readonly<Record<string, string>> }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {labels?.[v] ?? v}
    </option>
  ));
}

export function Textarea({ density, strong, tone, className = "", ...props }: ComponentProps<"textarea"> & FieldProps) {
  return <textarea className={`${fieldClass({ density, strong, tone })} ${className}`} {...props} />;
}

/** A field's caption (inside a <label>, a <legend>, or a <label htmlFor>). */
export const labelClass = "text-sm font-medium text-zinc-700 dark:text-zinc-300";

type CaptionedProps = { label: ReactNode; className?: string; children: ReactNode };

function Captioned({ label, captionClass, className = "", children }: CaptionedProps & { captionClass: string }) {
  return (
    <label className={`flex flex-col gap-1 ${className}`}>
      <span className={captionClass}>{label}</span>
      {children}
    </label>
  );
}

/** A field with its caption above it: the <label> wraps both, so the caption names the control. */
export function Field(props: CaptionedProps) {
  return <Captioned {...props} captionClass={labelClass} />;
}

/** A field of a page's GET filter form (search, insights, audit): a Field whose caption keeps the page's text colour. */
export function FilterField(props: CaptionedProps) {
  return <Captioned {...props} captionClass="text-sm font-medium" />;
}

/**
 * A control with its caption above it, tied by the control's id rather than
 * by wrapping (the action-item toolbars, an entry being edited).
 */
export function LabelAbove({ htmlFor, label, children }: { htmlFor: string; label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

export function FieldError({ className = "", ...props }: ComponentProps<"p">) {
  return <p className={`mt-1 text-sm text-red-700 dark:text-red-400 ${className}`} {...props} />;
}

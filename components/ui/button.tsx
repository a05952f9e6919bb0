import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "md" | "compact" | "sm";

const VARIANTS: Record<Variant, string> = {
  primary:
    "bg-sky-700 text-white hover:bg-sky-600 disabled:bg-zinc-400 dark:bg-sky-600 dark:hover:bg-sky-500 dark:disabled:bg-zinc-700",
  secondary:
    "border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  danger: "bg-red-700 text-white hover:bg-red-600 dark:bg-red-600 dark:hover:bg-red-500",
};

const SIZES: Record<Size, string> = {
  md: "px-4 py-2 text-base",
  /** Toolbars, tables and dense forms. */
  compact: "px-3 py-1.5",
  sm: "px-2 py-1 text-sm",
};

/** The button look for what must stay another element (a download link, a <summary>). */
export function buttonClass(variant: Variant = "secondary", size: Size = "md"): string {
  return `inline-flex items-center gap-1 rounded-md font-medium disabled:cursor-not-allowed ${VARIANTS[variant]} ${SIZES[size]}`;
}

/** A real <button>, type="button" unless told otherwise (no accidental form submits). */
export function Button({
  variant = "secondary",
  size = "md",
  className = "",
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type={type}
      className={`${buttonClass(variant, size)} ${className}`}
      {...props}
    />
  );
}

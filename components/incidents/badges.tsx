import { statusLabel } from "@/lib/incidents/labels";

const SEVERITY_STYLES: Record<string, string> = {
  SEV1: "bg-red-700 text-white dark:bg-red-600",
  SEV2: "bg-orange-600 text-white dark:bg-orange-500 dark:text-black",
  SEV3: "bg-amber-300 text-black dark:bg-amber-400",
  SEV4: "bg-zinc-300 text-black dark:bg-zinc-600 dark:text-white",
};

const STATUS_STYLES: Record<string, string> = {
  investigating: "border-red-400 text-red-800 dark:border-red-500 dark:text-red-300",
  identified: "border-orange-400 text-orange-800 dark:border-orange-500 dark:text-orange-300",
  monitoring: "border-sky-400 text-sky-800 dark:border-sky-500 dark:text-sky-300",
  resolved: "border-emerald-500 text-emerald-800 dark:border-emerald-500 dark:text-emerald-300",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 font-mono text-sm font-bold ${SEVERITY_STYLES[severity] ?? SEVERITY_STYLES.SEV4}`}>
      {severity}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded-full border-2 px-2.5 py-0.5 text-sm font-semibold ${STATUS_STYLES[status] ?? ""}`}>
      {statusLabel(status)}
    </span>
  );
}

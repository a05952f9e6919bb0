import { useId, type FormEvent, type ReactNode } from "react";

/** A form of its own on a page (settings, the account page): a bordered card named by its heading. */
export function FormCard({ title, onSubmit, children }: { title: string; onSubmit: (event: FormEvent<HTMLFormElement>) => void; children: ReactNode }) {
  const headingId = useId();
  return (
    <form onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={headingId} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </form>
  );
}

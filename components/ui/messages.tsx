/**
 * What an action came to, in the words of the server or the form: an error
 * is announced at once (role=alert), a notice politely. Both render nothing
 * when there is nothing to say, so callers pass their state as it is.
 */
export function ErrorMessage({ error, className = "" }: { error: string | null; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={`text-red-700 dark:text-red-400 ${className}`}>
      {error}
    </p>
  );
}

export function NoticeMessage({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p aria-live="polite" className="text-emerald-800 dark:text-emerald-300">
      {notice}
    </p>
  );
}

/** The outcome of the last action of a form or a list: its notice and its error, in one live region. */
export function StatusMessages({ notice, error }: { notice: string | null; error: string | null }) {
  return (
    <div aria-live="polite">
      {notice ? <p className="text-emerald-800 dark:text-emerald-300">{notice}</p> : null}
      <ErrorMessage error={error} />
    </div>
  );
}

import "server-only";
import vm from "node:vm";
import { AppError } from "../errors";

/**
 * Run synchronous Markdown work with a hard time limit. remark has inputs
 * that take quadratic time (thousands of unmatched `*` in one paragraph,
 * lists nested by indentation) or overflow the stack (quotes nested
 * thousands deep); a postmortem must not be able to hold the server. Node's
 * vm timeout interrupts whatever JavaScript runs under it, including our own
 * functions; both outcomes become a 422 naming the input.
 */
export function withTimeLimit<T>(limitMs: number, what: { path: string; label: string }, run: () => T): T {
  const out: { value: T }[] = [];
  try {
    vm.runInNewContext("run()", { run: () => out.push({ value: run() }) }, { timeout: limitMs });
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Checked by code and name: the timeout error is made in another realm.
    const field = (key: string) => (typeof err === "object" && err !== null && key in err ? Reflect.get(err, key) : undefined);
    const timedOut = field("code") === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    const overflowed = field("name") === "RangeError" && /call stack/i.test(String(field("message")));
    if (!timedOut && !overflowed) throw err;
    const message = `is too complex to process as Markdown (${timedOut ? `over ${limitMs / 1000} s` : "nested too deeply"}): look for lists or quotes nested very deeply, or long runs of * _ or \``;
    throw new AppError("validation_failed", `${what.label} ${message}`, { issues: [{ path: what.path, message }] });
  }
  const first = out[0];
  if (!first) throw new Error("time-limited work returned nothing");
  return first.value;
}

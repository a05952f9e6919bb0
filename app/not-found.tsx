import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/** Any unknown address, and an incident number that does not exist (or was deleted): a 404 with the way back. */
export default function NotFound() {
  return (
    <div className="max-w-2xl space-y-4 py-6">
      <p className="font-mono text-lg font-bold text-zinc-500">404</p>
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="text-lg">
        There is nothing at this address. If it was an incident, check its number: it may have been deleted, or the link may be
        mistyped.
      </p>
      <ul className="flex flex-wrap gap-3">
        <li>
          <Link href="/incidents" className="inline-block rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-600">
            All incidents
          </Link>
        </li>
        <li>
          <Link href="/action-items" className="inline-block rounded-md border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
            Action items
          </Link>
        </li>
      </ul>
    </div>
  );
}

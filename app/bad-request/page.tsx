import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Bad request" };

// server.ts sends requests for an address that cannot be read (a broken
// %-escape in the path) here, and answers with status 400.
export default function BadRequestPage() {
  return (
    <section className="mx-auto flex max-w-lg flex-col gap-4 py-10">
      <p className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">Error 400</p>
      <h1 className="text-3xl font-bold">This address cannot be read</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        The link has a broken %-escape, so it does not lead to any page. Check where it came from, or start again from the
        incidents list.
      </p>
      <p>
        <Link href="/incidents" className="font-medium text-blue-700 underline dark:text-blue-400">
          Go to incidents
        </Link>
      </p>
    </section>
  );
}

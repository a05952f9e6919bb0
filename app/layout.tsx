import type { Metadata } from "next";
import Link from "next/link";
import { ToastProvider } from "@/components/ui/toast";
import { TypeAheadProvider } from "@/components/ui/type-ahead";
import { ShortcutsDialog } from "@/components/ui/shortcuts-dialog";
import { UserMenu } from "@/components/auth/user-menu";
import { HeaderSearch } from "@/components/search/header-search";
import { optionalActor } from "@/lib/auth/current-actor";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Debrief", template: "%s · Debrief" },
  description: "Incident timelines and postmortems",
};

const NAV_LINK =
  "rounded-md px-1.5 py-1 text-base text-zinc-600 sm:px-2 sm:text-lg hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the session also renders every page per request, which the
  // nonce-based Content-Security-Policy (proxy.ts) needs.
  const actor = await optionalActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <ToastProvider>
          <TypeAheadProvider>
            <a
              href="#main"
              className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900"
            >
              Skip to content
            </a>
            <header className="border-b border-zinc-200 dark:border-zinc-800">
              {/* Wraps on a phone rather than running off the side: every link stays on screen. */}
              <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 sm:gap-x-3 sm:px-4 sm:py-3" aria-label="Main">
                <Link href="/incidents" className="mr-1 text-xl font-bold tracking-tight sm:mr-3">
                  Debrief
                </Link>
                {actor ? (
                  <>
                    <Link href="/incidents" className={NAV_LINK}>
                      Incidents
                    </Link>
                    <Link href="/action-items" className={NAV_LINK}>
                      Action items
                    </Link>
                    <Link href="/insights" className={NAV_LINK}>
                      Insights
                    </Link>
                    <Link href="/import" className={NAV_LINK}>
                      Import
                    </Link>
                    <HeaderSearch />
                    <ShortcutsDialog />
                    <UserMenu actor={actor} />
                  </>
                ) : null}
              </nav>
            </header>
            <main id="main" className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">
              {children}
            </main>
          </TypeAheadProvider>
        </ToastProvider>
      </body>
    </html>
  );
}

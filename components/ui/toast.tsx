"use client";

import { createContext, useContext, useMemo, type CSSProperties, type ReactNode } from "react";
import { Toaster, toast } from "sonner";
import { CloseIcon } from "./icons";

export type ToastInput = {
  message: string;
  tone?: "info" | "success" | "error";
  action?: { label: string; onAction: () => void };
  /** 0 keeps it until dismissed. */
  durationMs?: number;
};

type ToastId = string | number;
type ToastApi = { show: (t: ToastInput) => ToastId; dismiss: (id: ToastId) => void };

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a <ToastProvider>");
  return api;
}

const TONES = {
  info: "border-zinc-300 bg-white dark:border-zinc-600 dark:bg-zinc-800",
  success: "border-emerald-400 bg-emerald-50 dark:border-emerald-700 dark:bg-emerald-950",
  error: "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950",
};

// Above the sticky entry box when there is one (components/ui/composer-height.ts),
// so a toast never covers what is being typed.
const ABOVE_COMPOSER = "calc(var(--composer-clearance, 0px) + 12px)";
const TOASTER_STYLE: CSSProperties & Record<"--width", string> = { "--width": "min(28rem, calc(100vw - 2rem))" };

/**
 * Toasts through sonner (stacking, timers, swipe, a polite live region),
 * drawn in the app's own style, bottom right and always above the entry box.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const api = useMemo<ToastApi>(
    () => ({
      show: (t) =>
        toast.custom(
          (id) => (
            <div
              data-toast
              data-tone={t.tone ?? "info"}
              className={`flex w-full items-start gap-3 rounded-lg border px-4 py-3 text-base text-zinc-900 shadow-lg dark:text-zinc-100 ${TONES[t.tone ?? "info"]}`}
            >
              <p className="min-w-0 flex-1 break-words">{t.message}</p>
              {t.action ? (
                <button
                  type="button"
                  className="rounded px-2 py-0.5 font-semibold text-sky-700 underline hover:bg-sky-100 dark:text-sky-300 dark:hover:bg-sky-900"
                  onClick={() => {
                    t.action?.onAction();
                    toast.dismiss(id);
                  }}
                >
                  {t.action.label}
                </button>
              ) : null}
              <button
                type="button"
                aria-label="Dismiss"
                className="rounded p-1 text-zinc-500 hover:bg-zinc-200 dark:hover:bg-zinc-700"
                onClick={() => toast.dismiss(id)}
              >
                <CloseIcon size={14} />
              </button>
            </div>
          ),
          { duration: t.durationMs === 0 ? Infinity : (t.durationMs ?? 6000) },
        ),
      dismiss: (id) => void toast.dismiss(id),
    }),
    [],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <Toaster
        position="bottom-right"
        visibleToasts={4}
        expand
        gap={8}
        offset={{ bottom: ABOVE_COMPOSER, right: "16px" }}
        mobileOffset={{ bottom: ABOVE_COMPOSER, left: "8px", right: "8px" }}
        style={TOASTER_STYLE}
        containerAriaLabel="Notifications"
      />
    </ToastContext.Provider>
  );
}

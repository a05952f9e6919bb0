"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export type ToastInput = {
  message: string;
  tone?: "info" | "success" | "error";
  action?: { label: string; onAction: () => void };
  /** 0 keeps it until dismissed. */
  durationMs?: number;
};

type Toast = ToastInput & { id: number };

type ToastApi = { show: (t: ToastInput) => number; dismiss: (id: number) => void };

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

/** Toasts in one polite live region, so screen readers hear them without losing their place. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);

  const show = useCallback(
    (t: ToastInput) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { ...t, id }]);
      const duration = t.durationMs ?? 6000;
      if (duration > 0) timers.current.set(id, setTimeout(() => dismiss(id), duration));
      return id;
    },
    [dismiss],
  );

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((timer) => clearTimeout(timer));
  }, []);

  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(28rem,calc(100%-2rem))] flex-col gap-2"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            data-toast
            className={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-base shadow-lg ${TONES[t.tone ?? "info"]}`}
          >
            <p className="flex-1">{t.message}</p>
            {t.action ? (
              <button
                type="button"
                className="rounded px-2 py-0.5 font-semibold text-sky-700 underline hover:bg-sky-100 dark:text-sky-300 dark:hover:bg-sky-900"
                onClick={() => {
                  t.action?.onAction();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button
              type="button"
              aria-label="Dismiss"
              className="rounded px-1 text-zinc-500 hover:bg-zinc-200 dark:hover:bg-zinc-700"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

import { create } from 'zustand';

export type ToastTone = 'success' | 'error' | 'info';

export interface ToastItem {
  id: number;
  title: string;
  description?: string;
  tone: ToastTone;
}

interface ToastState {
  toasts: ToastItem[];
  push(toast: Omit<ToastItem, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Transient confirmations ("Integration created"); rendered by `<Toaster>` with Radix Toast. */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push(toast) {
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...toast, id: nextId++ }] }));
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

/** Shows a toast from anywhere (event handlers, after a call resolves). */
export const toast = (title: string, description?: string, tone: ToastTone = 'success'): void =>
  useToasts.getState().push({ title, description, tone });

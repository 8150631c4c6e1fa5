/**
 * The tray menu as data: the core builds it, the Electron adapter only renders it.
 *
 * Kept free of Electron's types (core never imports 'electron'); the adapter maps each item to a
 * `MenuItemConstructorOptions` and each action to a call into the desktop controller.
 */
export type TrayAction =
  /** Show the window, at `route` when given (else as it was). */
  | { kind: 'open'; route?: string }
  /** Start a sign-in for a configured integration and show its Connections tab. */
  | { kind: 'new-connection'; integrationId: string }
  | { kind: 'quit' };

export type TrayMenuItem =
  /** Text that cannot be clicked, such as the headline. */
  | { type: 'label'; label: string }
  | { type: 'action'; label: string; action: TrayAction }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

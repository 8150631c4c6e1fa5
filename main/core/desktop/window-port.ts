/**
 * What the desktop decisions need from the app window; the Electron adapter implements it.
 */
export interface WindowPort {
  /**
   * Shows the window (creating it if it was closed), restores it if minimised and focuses it; then, when
   * `route` is given, shows that page.
   */
  reveal(route?: string): void;
}

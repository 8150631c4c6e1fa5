/**
 * A stand-in for the `electron` module of Electron 45's main process, for running the built app in Node.
 *
 * It follows Electron's documented behaviour for every API the app's main process uses; where a choice
 * had to be made, the comment cites the document (https://www.electronjs.org/docs/latest/api/…). What
 * the app does is recorded, and the test drives it through `control.ts` (IPC from the parent process):
 * calls from frames, navigations, permission checks, tray clicks, quitting.
 *
 * Not a mock of our code: everything above `electron` is the real built app, with real stores, real
 * servers and the real core.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScenario, type DisplayRect } from './scenario.js';
import { recordExit, report } from './reports.js';

const scenario = readScenario();
fs.mkdirSync(scenario.stateDir, { recursive: true });

// process.md: Electron adds `process.resourcesPath` ("the path to the resources directory") and
// `process.type` ('browser' in the main process) to Node's process object.
Object.assign(process, { resourcesPath: path.join(scenario.stateDir, 'resources'), type: 'browser' });

// ---------------------------------------------------------------------------------------------------
// Readiness. app.md: "ready: Emitted once, when Electron has finished initializing." The main script's
// synchronous part (and its static imports) run first, so `ready` comes on a later turn.

let ready = false;
const notReady = (api: string): Error =>
  // Electron throws for these before ready, e.g. "Cannot create BrowserWindow before app is ready".
  new Error(`${api} cannot be used before the app is ready`);
const requireReady = (api: string): void => {
  if (!ready) throw notReady(api);
};

/**
 * What happened, in order, with the wall-clock time (ms since the epoch, comparable with the test's own
 * clock): the window's `ready-to-show` and `show()`, the tray's creation and each context menu set on it.
 * Not Electron behaviour: the record the test reads to tell what came first (issue 15: window, then tray).
 */
export const timeline: Array<{ event: string; at: number }> = [];
const record = (event: string): void => void timeline.push({ event, at: Date.now() });

/** An Electron event object: `preventDefault()` and `defaultPrevented`. */
export class DoubleEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------------------------------------------
// app

type AppPathName = 'userData' | 'appData' | 'home' | 'temp' | 'logs' | 'sessionData';

class App extends EventEmitter {
  name = 'Integrations Desk';
  readonly isPackaged = scenario.packaged ?? false;
  quitting = false;
  private readyPromise: Promise<void>;
  private readonly paths = new Map<AppPathName, string>();
  constructor() {
    super();
    // app.md, getPath('userData'): "by default it is the appData directory appended with your app's name".
    const appData = path.join(scenario.stateDir, 'appData');
    this.paths.set('appData', appData);
    this.paths.set('userData', path.join(appData, this.name));
    this.paths.set('home', path.join(scenario.stateDir, 'home'));
    this.paths.set('temp', path.join(scenario.stateDir, 'tmp'));
    this.readyPromise = new Promise((resolve) => this.once('ready', () => resolve()));
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return ready;
  }
  getPath(name: AppPathName): string {
    const p = this.paths.get(name);
    if (!p) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  setPath(name: AppPathName, value: string): void {
    this.paths.set(name, value);
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return this.name;
  }
  // app.md requestSingleInstanceLock: "If it returns false, your process should quit immediately."
  requestSingleInstanceLock(): boolean {
    return !scenario.lockHeld;
  }
  setAppUserModelId(_id: string): void {}
  focus(_options?: { steal: boolean }): void {}
  /**
   * app.md quit(): "Try to close all windows. The before-quit event will be emitted first. If all
   * windows are successfully closed, the will-quit event will be emitted and by default the
   * application will terminate." window-all-closed: "if … the developer called app.quit(), Electron
   * will first try to close all the windows and then emit the will-quit event, and in this case the
   * window-all-closed event would not be emitted."
   */
  quit(): void {
    if (this.quitting) return;
    const before = new DoubleEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const window of [...allWindows]) {
      if (!window.isDestroyed()) window.close();
    }
    if (allWindows.some((w) => !w.isDestroyed())) {
      // A window refused to close: quitting is cancelled.
      this.quitting = false;
      return;
    }
    const willQuit = new DoubleEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', new DoubleEvent(), 0);
    terminate(0);
  }
  /** app.md exit(): "Exits immediately with exitCode … the before-quit and will-quit events will not be emitted." */
  exit(code = 0): void {
    for (const window of [...allWindows]) window.destroy();
    terminate(code);
  }
  /** Reported by the double when the last window closes other than by quitting. */
  lastWindowClosed(): void {
    if (this.quitting) return;
    // app.md window-all-closed: "If you do not subscribe to this event and all windows are closed, the
    // default behavior is to quit the app."
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed', new DoubleEvent());
    else this.quit();
  }
}

/**
 * Electron's process lives until the app quits or exits (its message loop), whether or not Node has
 * anything pending: the double holds the event loop open the same way.
 */
const messageLoop = setInterval(() => {}, 1 << 30);

let terminated = false;
function terminate(code: number): void {
  if (terminated) return;
  terminated = true;
  clearInterval(messageLoop);
  recordExit(code);
}

export const app = new App();

// ---------------------------------------------------------------------------------------------------
// Frames and web contents

/**
 * The origin Chromium reports for a URL (web-frame-main.md: "serialized according to RFC 6454").
 * A scheme registered as `standard` (protocol.md) has a tuple origin, `app://desk`; a URL whose scheme
 * is neither special nor registered standard has the opaque origin "null". This is where Node's own
 * `URL.origin` differs: it says "null" for every non-special scheme.
 */
export function chromiumOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'null';
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (['http', 'https', 'ws', 'wss', 'ftp'].includes(scheme)) return parsed.origin;
  if (standardSchemes.has(scheme)) return `${scheme}://${parsed.host}`;
  return 'null';
}

export class WebFrameMain {
  parent: WebFrameMain | null;
  top: WebFrameMain | null;
  frames: WebFrameMain[] = [];
  detached = false;
  constructor(
    public url: string,
    parent: WebFrameMain | null,
  ) {
    this.parent = parent;
    this.top = parent ? parent.top : this;
  }
  get origin(): string {
    return chromiumOrigin(this.url);
  }
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

let nextWebContentsId = 1;
export class WebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  mainFrame = new WebFrameMain('', null);
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly scripts: string[] = [];
  destroyed = false;
  readonly session = (): Session => session.defaultSession;
  constructor(readonly owner: BrowserWindow) {
    super();
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    // web-contents.md send(): arguments are serialized with the Structured Clone Algorithm.
    this.sent.push({ channel, args: structuredClone(args) });
  }
  async executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code);
    // The page's history.pushState route changes are what the app sends; follow them.
    const match = /history\.pushState\(null, '', "([^"]*)"\)/.exec(code);
    if (match && match[1]) this.mainFrame.url = new URL(match[1], this.mainFrame.url).toString();
    return undefined;
  }
  /** Loads through the registered protocol handler or `net.fetch`, then the navigation events. */
  async load(url: string): Promise<void> {
    const response = await fetchForPage(url);
    if (!response.ok) {
      this.emit('did-fail-load', new DoubleEvent(), -6, `HTTP ${response.status}`, url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`);
    }
    this.lastPage = { url, status: response.status, headers: headersOf(response.headers), body: await response.text() };
    this.mainFrame = new WebFrameMain(url, null);
    this.emit('dom-ready', new DoubleEvent());
    this.emit('did-finish-load', new DoubleEvent());
  }
  lastPage: { url: string; status: number; headers: Record<string, string>; body: string } | undefined;
}

/** A response's headers as a plain object (lower-case names). */
export function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

async function fetchForPage(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (handler) return handler(new Request(url));
  return globalThis.fetch(url);
}

// ---------------------------------------------------------------------------------------------------
// BrowserWindow

const allWindows: BrowserWindow[] = [];
let nextWindowId = 1;
const primary = (): DisplayRect => (scenario.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }])[0]!;

export class BrowserWindow extends EventEmitter {
  readonly id = nextWindowId++;
  readonly webContents: WebContents;
  private bounds: DisplayRect;
  private visible = false;
  private destroyed = false;
  private maximized = false;
  private minimized = false;
  private fullScreen = false;
  private focused = false;
  title: string;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown>; width?: number; height?: number; show?: boolean; title?: string; icon?: string }) {
    super();
    requireReady('BrowserWindow');
    this.webContents = new WebContents(this);
    this.title = options.title ?? 'Electron';
    const area = primary();
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    this.bounds = { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
    allWindows.push(this);
    if (options.show !== false) this.show();
  }
  static getAllWindows(): BrowserWindow[] {
    return allWindows.filter((w) => !w.isDestroyed());
  }
  static getFocusedWindow(): BrowserWindow | null {
    return allWindows.find((w) => !w.isDestroyed() && w.focused) ?? null;
  }
  /**
   * browser-window.md loadURL → web-contents.md loadURL: "Returns Promise<void> - the promise will
   * resolve when the page has finished loading (see did-finish-load), and rejects if the page fails to
   * load (see did-fail-load)." ready-to-show: "Emitted when the web page has been rendered … if the
   * window has not been shown yet".
   */
  async loadURL(url: string): Promise<void> {
    if (this.destroyed) throw new Error('Object has been destroyed');
    await this.webContents.load(url);
    if (!this.visible) {
      record('window.ready-to-show');
      this.emit('ready-to-show', new DoubleEvent());
    }
  }
  show(): void {
    record('window.show');
    this.visible = true;
    this.focused = true;
    this.minimized = false;
    this.emit('show');
  }
  hide(): void {
    record('window.hide');
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }
  isFocused(): boolean {
    return this.focused;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  unmaximize(): void {
    this.maximized = false;
    this.emit('unmaximize');
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  setFullScreen(flag: boolean): void {
    const was = this.fullScreen;
    this.fullScreen = flag;
    if (was && !flag) this.emit('leave-full-screen');
    if (!was && flag) this.emit('enter-full-screen');
  }
  getBounds(): DisplayRect {
    return { ...this.bounds };
  }
  getNormalBounds(): DisplayRect {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<DisplayRect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  setSize(width: number, height: number): void {
    this.bounds = { ...this.bounds, width, height };
  }
  center(): void {
    const area = primary();
    this.bounds = { ...this.bounds, x: area.x + Math.round((area.width - this.bounds.width) / 2), y: area.y + Math.round((area.height - this.bounds.height) / 2) };
  }
  setTitle(title: string): void {
    this.title = title;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** browser-window.md close(): "Try to close the window. This has the same effect as a user manually clicking the close button." */
  close(): void {
    if (this.destroyed) return;
    record('window.close');
    const event = new DoubleEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  /** browser-window.md destroy(): "Force closing the window, the unload and beforeunload event won't be emitted … the close event will also not be emitted". */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (allWindows.every((w) => w.isDestroyed())) app.lastWindowClosed();
  }
}

// ---------------------------------------------------------------------------------------------------
// ipcMain

export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
  processId: number;
  frameId: number;
}

class IpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  /** ipc-main.md handle(): "Adds a handler for an invokeable IPC. … Error: Attempted to register a second handler" */
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
    this.handle(channel, (...args) => {
      this.handlers.delete(channel);
      return listener(...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();

// ---------------------------------------------------------------------------------------------------
// protocol

const standardSchemes = new Set<string>();
const registeredSchemes: string[] = [];
const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
export const protocol = {
  /**
   * protocol.md registerSchemesAsPrivileged(): "This method can only be used before the ready event of
   * the app module gets emitted and can be called only once."
   */
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: { standard?: boolean } }>): void {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const { scheme, privileges } of schemes) {
      registeredSchemes.push(scheme);
      if (privileges?.standard) standardSchemes.add(scheme);
    }
  },
  /** protocol.md: "All methods unless specified can only be used after the ready event of the app module gets emitted." */
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    requireReady('protocol.handle');
    if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolHandlers.has(scheme);
  },
};

// ---------------------------------------------------------------------------------------------------
// net

const netFetches: string[] = [];
export const net = {
  /**
   * net.md fetch(): Chromium's network stack (system proxy, OS trust store); "only … after the app is
   * ready" (net.md: "The net API can be used only after the application emits the ready event").
   * `file:` URLs are read from disk, as Chromium does; http(s) goes through Node's fetch here.
   */
  async fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    requireReady('net.fetch');
    const request = new Request(input, init);
    netFetches.push(`${request.method} ${request.url}`);
    const url = new URL(request.url);
    if (url.protocol === 'file:') {
      try {
        const body = fs.readFileSync(fileURLToPath(url));
        return new Response(body, { status: 200, headers: { 'content-type': contentType(url.pathname) } });
      } catch {
        // Chromium fails a missing file with net::ERR_FILE_NOT_FOUND.
        throw new TypeError('net::ERR_FILE_NOT_FOUND');
      }
    }
    const handler = protocolHandlers.get(url.protocol.slice(0, -1));
    if (handler) return handler(request);
    return globalThis.fetch(request);
  },
  isOnline: (): boolean => true,
};

const contentType = (file: string): string =>
  ({ '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' })[
    path.extname(file)
  ] ?? 'application/octet-stream';

// ---------------------------------------------------------------------------------------------------
// safeStorage

const keyFile = path.join(scenario.stateDir, `safe-storage-${scenario.keyStore}.key`);
const osKey = (): Buffer => {
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, randomBytes(32));
  return fs.readFileSync(keyFile);
};
let plainTextEncryption = false;
export const safeStorage = {
  /**
   * safe-storage.md: "On Linux, returns true if the app has emitted the ready event and the secret key
   * is available." With no secret store, Chromium falls back to `basic_text`, which is reported as
   * available only after `setUsePlainTextEncryption(true)` (electron/electron#38873 added that switch
   * for this case).
   */
  isEncryptionAvailable(): boolean {
    if (!ready) return false;
    if (scenario.keyStore === 'unavailable') return false;
    if (scenario.keyStore === 'basic_text') return plainTextEncryption;
    return true;
  },
  /** safe-storage.md: "returns one of basic_text, gnome_libsecret, kwallet, kwallet5, kwallet6, unknown"; `unknown` before ready. */
  getSelectedStorageBackend(): string {
    if (!ready) return 'unknown';
    return scenario.keyStore === 'unavailable' ? 'basic_text' : scenario.keyStore;
  },
  setUsePlainTextEncryption(usePlainText: boolean): void {
    plainTextEncryption = usePlainText;
  },
  /** safe-storage.md encryptString(): "This function will throw an error if encryption fails." */
  encryptString(plainText: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', osKey(), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', osKey(), encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// session and permissions

type CheckHandler = (wc: WebContents | null, permission: string, requestingOrigin: string, details: { requestingUrl?: string; isMainFrame: boolean; embeddingOrigin?: string }) => boolean;
type RequestHandler = (wc: WebContents, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;

export class Session {
  checkHandler: CheckHandler | null = null;
  requestHandler: RequestHandler | null = null;
  setPermissionCheckHandler(handler: CheckHandler | null): void {
    this.checkHandler = handler;
  }
  setPermissionRequestHandler(handler: RequestHandler | null): void {
    this.requestHandler = handler;
  }
  /**
   * session.md resolveProxy(url): "Returns Promise<string> - Resolves with the proxy information for
   * url" — `DIRECT`, or PAC-style entries such as `PROXY proxy.corp:8080`. The scenario's
   * `systemProxy` stands for a proxy the system configured; without it every URL is `DIRECT`.
   */
  async resolveProxy(_url: string): Promise<string> {
    return scenario.systemProxy ? `PROXY ${scenario.systemProxy}` : 'DIRECT';
  }
}
const defaultSession = new Session();
export const session = {
  /** session.md defaultSession: "A Session object, the default session object of the app" (available once ready). */
  get defaultSession(): Session {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

// ---------------------------------------------------------------------------------------------------
// shell, dialog, clipboard

const openedExternally: string[] = [];
export const shell = {
  /** shell.md openExternal(): "Returns Promise<void>" — it rejects when no application can open the URL. */
  async openExternal(url: string): Promise<void> {
    openedExternally.push(url);
    if (scenario.openExternalFails) throw new Error('Failed to open: no application is registered for this URL');
  },
};

const dialogs: Array<{ kind: 'error' | 'message'; title: string; content: string; buttons?: string[] }> = [];
export const dialog = {
  /** dialog.md showErrorBox(): "This API can be called safely before the ready event the app module emits". */
  showErrorBox(title: string, content: string): void {
    dialogs.push({ kind: 'error', title, content });
    report({ report: 'dialog', kind: 'error', title, content });
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as { message: string; detail?: string; buttons?: string[] };
    dialogs.push({ kind: 'message', title: options.message, content: options.detail ?? '', buttons: options.buttons });
    return { response: scenario.messageBoxResponse ?? 0, checkboxChecked: false };
  },
  /**
   * dialog.md showSaveDialog([window, ]options): "Returns Promise<Object>: canceled boolean, filePath
   * string — if the dialog is canceled, this will be an empty string". Only after `ready`.
   */
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    requireReady('dialog.showSaveDialog');
    const options = (args.length > 1 ? args[1] : args[0]) as { title?: string; defaultPath?: string };
    fileDialogCalls.push({ kind: 'save', title: options.title ?? '', defaultPath: options.defaultPath, modal: args.length > 1 });
    const filePath = scenario.fileDialogs?.savePath;
    return filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
  },
  /** dialog.md showOpenDialog([window, ]options): "Returns Promise<Object>: canceled boolean, filePaths string[]" (empty when canceled). */
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    requireReady('dialog.showOpenDialog');
    const options = (args.length > 1 ? args[1] : args[0]) as { title?: string; properties?: string[] };
    fileDialogCalls.push({ kind: 'open', title: options.title ?? '', properties: options.properties, modal: args.length > 1 });
    const filePaths = scenario.fileDialogs?.openPaths ?? [];
    return filePaths.length > 0 ? { canceled: false, filePaths } : { canceled: true, filePaths: [] };
  },
};

/** The file dialogs main opened (kind, title, whether attached to a window), for tests to inspect. */
export const fileDialogCalls: Array<{ kind: 'save' | 'open'; title: string; defaultPath?: string; properties?: string[]; modal: boolean }> = [];

const clipboardWrites: string[] = [];
export const clipboard = {
  writeText(text: string): void {
    clipboardWrites.push(text);
  },
  readText(): string {
    return clipboardWrites.at(-1) ?? '';
  },
};

// ---------------------------------------------------------------------------------------------------
// screen, Menu, Tray, Notification, nativeImage

export const screen = {
  /** screen.md: "This module cannot be used until the ready event of the app module is emitted." */
  getAllDisplays(): Array<{ id: number; bounds: DisplayRect; workArea: DisplayRect; scaleFactor: number }> {
    requireReady('screen');
    return (scenario.displays ?? [primary()]).map((area, i) => ({ id: i + 1, bounds: area, workArea: area, scaleFactor: 1 }));
  },
  getPrimaryDisplay() {
    return screen.getAllDisplays()[0]!;
  },
};

export interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[] | Menu;
  accelerator?: string;
}

export class Menu {
  static applicationMenu: Menu | null = null;
  constructor(readonly items: MenuItemOptions[]) {}
  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu;
  }
}

export class NativeImage {
  template = false;
  constructor(readonly file: string) {}
  setTemplateImage(flag: boolean): void {
    this.template = flag;
  }
  isEmpty(): boolean {
    return !fs.existsSync(this.file);
  }
}
export const nativeImage = {
  createFromPath: (file: string): NativeImage => new NativeImage(file),
  createEmpty: (): NativeImage => new NativeImage(''),
};

export let currentTray: Tray | null = null;
export class Tray extends EventEmitter {
  image: NativeImage | string;
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;
  constructor(image: NativeImage | string) {
    super();
    requireReady('Tray');
    record('tray.created');
    this.image = image;
    currentTray = this;
  }
  setImage(image: NativeImage | string): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Menu | null): void {
    record('tray.menu');
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
    if (currentTray === this) currentTray = null;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

const shownNotifications: Array<{ title: string; body: string }> = [];
const notificationObjects: Notification[] = [];
export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  show(): void {
    shownNotifications.push({ title: this.options.title, body: this.options.body });
    notificationObjects.push(this);
  }
  close(): void {
    this.emit('close');
  }
}

// ---------------------------------------------------------------------------------------------------
// What the test reads and drives (control.ts)

export const doubleState = {
  isReady: () => ready,
  allWindows,
  registeredSchemes,
  protocolHandlers,
  netFetches,
  openedExternally,
  dialogs,
  clipboardWrites,
  shownNotifications,
  notificationObjects,
  defaultSession,
  tray: () => currentTray,
  timeline,
};

const electron = {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};
export default electron;

/**
 * Electron finishes initialising once the main script's synchronous part (with its static imports) has
 * run: `boot.ts` calls this right after importing the app's main module.
 */
export function finishLaunching(): void {
  if (terminated || ready) return;
  ready = true;
  app.emit('will-finish-launching');
  app.emit('ready', new DoubleEvent(), {});
}

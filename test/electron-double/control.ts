/**
 * The test's hand on the app: commands from the parent process, run against the double's state.
 *
 * Each command acts the way the real thing reaches main: an IPC call arrives as `ipcMain.handle`'s
 * listener called with an event whose `senderFrame` is the calling frame; a navigation is the
 * `will-navigate` event; a permission goes through the session's check handler, then its request handler.
 */
import { app, BrowserWindow, chromiumOrigin, DoubleEvent, doubleState, headersOf, ipcMain, Menu, NativeImage, WebFrameMain, type MenuItemOptions } from './electron.js';
import type { Command, FrameSpec, MenuSnapshot, Reply, Snapshot, WindowSnapshot } from './protocol.js';
import './reports.js';

const mainWindow = (): BrowserWindow => {
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) throw new Error('The app has no window');
  return window;
};

/** The frame that makes a call: the window's own main frame, an iframe in it, or another page in its place. */
function frameFor(spec: FrameSpec): WebFrameMain {
  const top = mainWindow().webContents.mainFrame;
  if (spec.kind === 'main') return top;
  if (spec.kind === 'page') return new WebFrameMain(spec.url, null);
  const sub = new WebFrameMain(spec.url, top);
  top.frames.push(sub);
  return sub;
}

function menuSnapshot(items: MenuItemOptions[]): MenuSnapshot[] {
  return items.map((item) => ({
    label: item.label,
    role: item.role,
    type: item.type,
    enabled: item.enabled,
    submenu: item.submenu ? menuSnapshot(item.submenu instanceof Menu ? item.submenu.items : item.submenu) : undefined,
  }));
}

function findMenuItem(items: MenuItemOptions[], label: string): MenuItemOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const sub = item.submenu instanceof Menu ? item.submenu.items : item.submenu;
    const found = sub && findMenuItem(sub, label);
    if (found) return found;
  }
  return undefined;
}

function snapshot(): Snapshot {
  const tray = doubleState.tray();
  const windows: WindowSnapshot[] = doubleState.allWindows.map((w) => ({
    id: w.id,
    url: w.webContents.mainFrame.url,
    origin: w.webContents.mainFrame.origin,
    visible: w.isVisible(),
    destroyed: w.isDestroyed(),
    bounds: w.getBounds(),
    title: w.title,
    icon: typeof w.options.icon === 'string' ? w.options.icon : undefined,
    webPreferences: w.options.webPreferences ?? {},
    sent: w.webContents.sent.map((m) => m.channel),
  }));
  return {
    ready: doubleState.isReady(),
    windows,
    tray: tray
      ? { image: tray.image instanceof NativeImage ? tray.image.file : String(tray.image), tooltip: tray.tooltip, menu: menuSnapshot(tray.menu?.items ?? []) }
      : null,
    appMenu: Menu.applicationMenu ? menuSnapshot(Menu.applicationMenu.items) : null,
    notifications: [...doubleState.shownNotifications],
    dialogs: [...doubleState.dialogs],
    openExternal: [...doubleState.openedExternally],
    netFetch: [...doubleState.netFetches],
    clipboard: [...doubleState.clipboardWrites],
    ipcHandlers: [...ipcMain.handlers.keys()],
    permissionHandlers: { check: doubleState.defaultSession.checkHandler !== null, request: doubleState.defaultSession.requestHandler !== null },
    schemes: [...doubleState.registeredSchemes],
    quitting: app.quitting,
    timeline: [...doubleState.timeline],
  };
}

/**
 * navigator.clipboard.writeText as Chromium asks for it: the `clipboard-sanitized-write` permission.
 * session.md: "Most web APIs do a permission check and then make a permission request if the check is
 * denied." Without handlers, Electron grants permissions by default.
 */
async function clipboardWrite(frame: WebFrameMain, text: string): Promise<{ written: boolean }> {
  const session = doubleState.defaultSession;
  const wc = mainWindow().webContents;
  const isMainFrame = frame.parent === null;
  const details = { requestingUrl: frame.url, isMainFrame, ...(isMainFrame ? {} : { embeddingOrigin: frame.top?.origin }) };
  let granted = session.checkHandler ? session.checkHandler(wc, 'clipboard-sanitized-write', frame.origin, details) : true;
  if (!granted && session.requestHandler) {
    granted = await new Promise<boolean>((resolve) => session.requestHandler!(wc, 'clipboard-sanitized-write', resolve, { requestingUrl: frame.url, isMainFrame }));
  }
  if (granted) doubleState.clipboardWrites.push(text);
  return { written: granted };
}

/** The app's window once it shows a page (checked every 20 ms, for up to 15 s). */
async function shownWindow(): Promise<BrowserWindow> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const window = BrowserWindow.getAllWindows()[0];
    if (window && window.webContents.mainFrame.url !== '' && window.isVisible()) return window;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('No window showed a page within 15 s');
}

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'state':
      return snapshot();
    case 'waitForWindow':
      await shownWindow();
      return snapshot();
    case 'closeWindowWhenShown':
      // As a user who closes it at once: in the same turn as the check that saw it shown, which runs
      // within 20 ms of the show.
      (await shownWindow()).close();
      return snapshot();
    case 'waitForTray': {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if (doubleState.tray()?.menu) return snapshot();
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('No tray with a menu within 15 s');
    }
    case 'invoke': {
      const listener = ipcMain.handlers.get(command.channel);
      // ipc-renderer.md invoke(): without a handler the renderer's promise rejects.
      if (!listener) throw new Error(`Error invoking remote method '${command.channel}': Error: No handler registered for '${command.channel}'`);
      const frame = frameFor(command.frame);
      const sender = mainWindow().webContents;
      const result = await listener({ sender, senderFrame: frame, processId: 1, frameId: 1 }, structuredClone(command.payload));
      return structuredClone(result);
    }
    case 'navigate': {
      // web-contents.md will-navigate: "Calling event.preventDefault() will prevent the navigation."
      const wc = mainWindow().webContents;
      const event = new DoubleEvent();
      wc.emit('will-navigate', event, command.url);
      if (!event.defaultPrevented) wc.mainFrame = new WebFrameMain(command.url, null);
      return { prevented: event.defaultPrevented, origin: chromiumOrigin(command.url) };
    }
    case 'windowOpen': {
      const handler = mainWindow().webContents.windowOpenHandler;
      const result = handler ? handler({ url: command.url, frameName: '', features: '', disposition: 'new-window' }) : { action: 'allow' };
      return result;
    }
    case 'clipboardWrite':
      return clipboardWrite(frameFor(command.frame), command.text);
    case 'closeWindow':
      mainWindow().close();
      return snapshot();
    case 'quit':
      app.quit();
      return snapshot();
    case 'secondInstance':
      app.emit('second-instance', new DoubleEvent(), [process.execPath], process.cwd(), {});
      return snapshot();
    case 'moveWindow': {
      const window = mainWindow();
      window.setBounds(command.bounds);
      window.emit('move');
      window.emit('resize');
      return window.getBounds();
    }
    case 'trayClick': {
      const menu = doubleState.tray()?.menu;
      const item = menu && findMenuItem(menu.items, command.label);
      if (!item?.click) throw new Error(`No tray menu item "${command.label}"`);
      item.click();
      return snapshot();
    }
    case 'setFullScreen':
      mainWindow().setFullScreen(command.flag);
      return snapshot();
    case 'notificationClick': {
      const shown = doubleState.notificationObjects[command.index];
      if (!shown) throw new Error(`No notification #${command.index}`);
      shown.emit('click');
      return snapshot();
    }
    case 'fetchPage': {
      const handler = doubleState.protocolHandlers.get('app');
      if (!handler) throw new Error('No app:// handler');
      const response = await handler(new Request(`app://desk${command.path}`));
      return { status: response.status, headers: headersOf(response.headers), body: await response.text() };
    }
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  run(message.command).then(
    (value) => process.send?.({ id: message.id, ok: true, value } satisfies Reply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
  );
});
// The test's channel must not keep the app alive: the app decides when it ends.
process.channel?.unref();

/// <reference path="../support/js-yaml.d.ts" />
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../main/core/desktop/app-identity.js';

// ajv and js-yaml are not direct dependencies: they are electron-builder's own (ajv is what it validates
// its configuration with), installed with it.
const repo = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const config = yaml.load(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

/** Validates as electron-builder does (`app-builder-lib/out/util/config/schemaValidator.js`). */
function validate(candidate: unknown) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return { valid: check(candidate), errors: check.errors ?? [] };
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own JSON schema', () => {
    const { valid, errors } = validate(config);
    expect(errors.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would catch a misspelled option (the check is not vacuous)', () => {
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntim: true } }).valid).toBe(false);
  });

  it('names the app and packs only the build output, in an asar archive', () => {
    expect(config.appId).toBe('dev.integrationsdesk.app');
    // The id the running app gives Windows for its notifications.
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Integrations Desk');
    expect(config.files).toEqual(['out/**', 'package.json']);
    expect(config.asar).toBe(true);
  });

  it('builds an AppImage and a deb with a category and a desktop entry on Linux', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Development');
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Integrations Desk', Categories: expect.stringContaining('Development') });
  });

  it('names the .desktop file after desktopName, which Electron uses as the window’s WM_CLASS / app_id', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { desktopName?: string };
    // Reverse-DNS, as Electron asks of desktopName, and the same id as the app's.
    expect(pkg.desktopName).toBe(`${APP_ID}.desktop`);
    // Without it electron-builder names the file after the executable, and the window matches no entry.
    expect(config.linux.syncDesktopName).toBe(true);
  });

  it('never turns the Chromium sandbox off for everyone', () => {
    expect(JSON.stringify(config)).not.toContain('no-sandbox');
    // The legacy AppImage toolset's desktop entry would otherwise launch `AppRun --no-sandbox`.
    expect(config.appImage.executableArgs).toEqual([]);
    // Replacing electron-builder's deb scripts or profile would drop the AppArmor profile the sandbox needs on Ubuntu.
    for (const options of [config.linux, config.deb]) {
      expect(options).not.toHaveProperty('afterInstall');
      expect(options).not.toHaveProperty('afterRemove');
      expect(options).not.toHaveProperty('appArmorProfile');
    }
  });

  it('gets a deb that installs an AppArmor profile allowing user namespaces, and removes it again', () => {
    const templates = path.join(repo, 'node_modules/app-builder-lib/templates/linux');
    const profile = fs.readFileSync(path.join(templates, 'apparmor-profile.tpl'), 'utf8');
    expect(profile).toContain('profile "${executable}" "/opt/${sanitizedProductName}/${executable}" flags=(unconfined)');
    expect(profile).toContain('userns,');
    expect(fs.readFileSync(path.join(templates, 'after-install.tpl'), 'utf8')).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'");
    expect(fs.readFileSync(path.join(templates, 'after-remove.tpl'), 'utf8')).toContain('apparmor_parser --remove');
  });

  describe('the AppImage launcher electron-builder generates', () => {
    /** Runs the AppRun script in a fake AppDir whose `integrations-desk` prints its arguments. */
    function launch(userNamespaces: boolean): string {
      const require = createRequire(import.meta.url);
      const { generateAppRunScript } = require(path.join(repo, 'node_modules/app-builder-lib/out/targets/appimage/appImageUtil.js')) as {
        generateAppRunScript(config: Record<string, string>): string;
      };
      const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-appdir-'));
      try {
        const executable = config.linux.executableName as string;
        fs.writeFileSync(path.join(appDir, 'AppRun'), generateAppRunScript({ DesktopFileName: 'x.desktop', ExecutableName: executable, ProductName: 'Integrations Desk', ProductFilename: 'Integrations Desk', ResourceName: `appimagekit-${executable}` }), { mode: 0o755 });
        fs.writeFileSync(path.join(appDir, executable), '#!/bin/sh\necho "args:$*"\n', { mode: 0o755 });
        // AppRun puts the AppDir first on PATH: this `unshare` stands in for the system's probe.
        fs.writeFileSync(path.join(appDir, 'unshare'), `#!/bin/sh\nexit ${userNamespaces ? 0 : 1}\n`, { mode: 0o755 });
        return execFileSync('bash', [path.join(appDir, 'AppRun'), '--hidden'], { env: { ...process.env, APPDIR: appDir, APPIMAGE: '' }, encoding: 'utf8' }).trim();
      } finally {
        fs.rmSync(appDir, { recursive: true, force: true });
      }
    }

    it('keeps the sandbox where user namespaces work', () => {
      expect(launch(true)).toBe('args:--hidden');
    });

    it('adds --no-sandbox only where they do not (stock Ubuntu >= 24.04), instead of aborting', () => {
      expect(launch(false)).toBe('args:--no-sandbox --hidden');
    });
  });

  it('builds a dmg with the hardened runtime and the entitlements from assets/ on macOS', () => {
    expect(config.mac.target).toBe('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('assets/entitlements.mac.plist');
    const plist = fs.readFileSync(path.join(repo, config.mac.entitlements), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(plist).not.toContain('com.apple.security.cs.disable-library-validation');
  });

  it('builds an NSIS installer on Windows that keeps the profile on uninstall', () => {
    expect(config.win.target).toBe('nsis');
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('names only files that exist: icons, entitlements and the tray images', () => {
    const named = [
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.win.icon,
      config.linux.icon,
      ...config.extraResources.map((r: { from: string }) => r.from),
    ];
    expect(named.every((p) => typeof p === 'string')).toBe(true);
    for (const file of named) expect(fs.existsSync(path.join(repo, file)), file).toBe(true);
  });

  it('has an app icon large enough for every platform, and a Linux icon set of square sizes', () => {
    const { width, height } = pngSize(path.join(repo, config.mac.icon));
    expect([width, height]).toEqual([1024, 1024]);
    const set = fs.readdirSync(path.join(repo, config.linux.icon));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(set).toContain(`${size}x${size}.png`);
      expect(pngSize(path.join(repo, config.linux.icon, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('ships a tray image for every icon state at @1x and @2x, and macOS template images', () => {
    const dir = path.join(repo, config.extraResources[0].from);
    for (const state of ['ok', 'attention', 'error']) {
      for (const name of [`tray-${state}`, `tray-${state}Template`]) {
        expect(pngSize(path.join(dir, `${name}.png`))).toEqual({ width: 16, height: 16 });
        expect(pngSize(path.join(dir, `${name}@2x.png`))).toEqual({ width: 32, height: 32 });
      }
    }
  });

  it('keeps the SVG sources and the generator script beside the generated icons', () => {
    for (const source of ['app-icon', 'tray-ok', 'tray-attention', 'tray-error', 'tray-okTemplate', 'tray-attentionTemplate', 'tray-errorTemplate']) {
      expect(fs.existsSync(path.join(repo, 'assets/src', `${source}.svg`)), source).toBe(true);
    }
    expect(fs.existsSync(path.join(repo, 'scripts/generate-icons.mjs'))).toBe(true);
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

#!/usr/bin/env node
// Regenerates the PNG icons in assets/ from their SVG sources in assets/src/.
//
//   node scripts/generate-icons.mjs          (needs `rsvg-convert`: Debian/Ubuntu `apt-get install librsvg2-bin`,
//                                             macOS `brew install librsvg`)
//
// The PNGs are committed, so neither building nor testing needs this script or librsvg; run it after
// changing an SVG. What it writes:
//   assets/icon.png                     1024 px app icon (macOS dmg/app and Windows installer; electron-builder
//                                       converts it to .icns/.ico)
//   assets/icons/<N>x<N>.png            the app icon set for Linux (AppImage, deb), 16–1024 px; each size has its
//                                       @2x in the set (16/32, 32/64, 64/128, 128/256, 256/512, 512/1024)
//   assets/tray/tray-<state>.png        tray icons for Windows and Linux, 16 px, and tray-<state>@2x.png at 32 px
//   assets/tray/tray-<state>Template.png  macOS menu-bar template images (black + alpha), 16 px and @2x
// where <state> is ok, attention or error (the tray model's icon states).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'assets', 'src');
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const STATES = ['ok', 'attention', 'error'];
const TRAY_SIZE = 16;

function findRsvg() {
  try {
    execFileSync('rsvg-convert', ['--version'], { stdio: 'ignore' });
    return 'rsvg-convert';
  } catch {
    console.error('rsvg-convert was not found. Install librsvg (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg) and run this again.');
    process.exit(1);
  }
}

const rsvg = findRsvg();
const written = [];

/** Renders one SVG to a square PNG of `size` pixels. */
function render(svg, size, out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(rsvg, ['--width', String(size), '--height', String(size), '--keep-aspect-ratio', '--format', 'png', '--output', out, path.join(src, svg)]);
  written.push(path.relative(root, out));
}

render('app-icon.svg', 1024, path.join(root, 'assets', 'icon.png'));
for (const size of APP_SIZES) render('app-icon.svg', size, path.join(root, 'assets', 'icons', `${size}x${size}.png`));
for (const state of STATES) {
  for (const variant of [`tray-${state}`, `tray-${state}Template`]) {
    render(`${variant}.svg`, TRAY_SIZE, path.join(root, 'assets', 'tray', `${variant}.png`));
    render(`${variant}.svg`, TRAY_SIZE * 2, path.join(root, 'assets', 'tray', `${variant}@2x.png`));
  }
}
console.log(`Wrote ${written.length} icons:\n  ${written.join('\n  ')}`);

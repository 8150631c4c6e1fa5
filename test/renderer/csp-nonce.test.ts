import { getNonce, setNonce } from 'get-nonce';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCspNonce } from '../../renderer/src/lib/csp-nonce.js';

afterEach(() => {
  setNonce('');
  document.head.innerHTML = '';
});

describe('the renderer’s CSP nonce', () => {
  it('is handed to get-nonce, which Radix’s scroll lock asks before injecting its <style>', () => {
    document.head.innerHTML = '<meta property="csp-nonce" nonce="q5bGk0xWZ5n3lGm0r2Yb4A">';
    applyCspNonce(document);
    expect(getNonce()).toBe('q5bGk0xWZ5n3lGm0r2Yb4A');
  });

  it('is left unset when the page carries none', () => {
    applyCspNonce(document);
    expect(getNonce()).toBeUndefined();
  });
});

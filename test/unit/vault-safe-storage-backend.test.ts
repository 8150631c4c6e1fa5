import { describe, expect, it } from 'vitest';
import { classifySafeStorage } from '../../main/core/vault/safe-storage-backend.js';

describe('safeStorage backend rating', () => {
  it('rates Linux basic_text (a key hard-coded in Chromium) as weak', () => {
    expect(classifySafeStorage('linux', () => 'basic_text')).toEqual({ backend: 'basic_text', protection: 'weak' });
  });

  it('rates the Secret Service and KWallet as OS protection', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const) {
      expect(classifySafeStorage('linux', () => backend)).toEqual({ backend, protection: 'os' });
    }
  });

  it('knows nothing before the app is ready (unknown)', () => {
    expect(classifySafeStorage('linux', () => 'unknown')).toBeUndefined();
  });

  it('rates macOS Keychain and Windows DPAPI as OS protection without asking for a Linux backend', () => {
    const never = (): never => {
      throw new Error('not on Linux');
    };
    expect(classifySafeStorage('darwin', never)).toEqual({ backend: 'keychain', protection: 'os' });
    expect(classifySafeStorage('win32', never)).toEqual({ backend: 'dpapi', protection: 'os' });
  });
});

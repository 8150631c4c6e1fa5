import { describe, expect, it } from 'vitest';
import { mapFieldErrors } from '../../renderer/src/lib/field-errors.js';

describe('mapping main’s field errors onto a form', () => {
  it('puts a nested key on the longest field it belongs to', () => {
    const { shown } = mapFieldErrors({ 'scopes.2': 'Not a valid scope', 'endpoints.token': 'Token endpoint is required' }, ['scopes', 'endpoints', 'endpoints.token']);
    expect(shown).toEqual({ scopes: 'Not a valid scope', 'endpoints.token': 'Token endpoint is required' });
  });

  it('returns the messages no field shows, so the form can show them instead of losing them', () => {
    const { shown, unshown } = mapFieldErrors({ name: 'Name is required', _: 'Something about the whole request' }, ['name']);
    expect(shown).toEqual({ name: 'Name is required' });
    expect(unshown).toEqual(['Something about the whole request']);
  });
});

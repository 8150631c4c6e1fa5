import { describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../main/core/support/event-bus.js';

describe('the event bus', () => {
  it('isolates a listener that throws: the others still hear the event, emit does not throw, the failure is reported', () => {
    const failed = vi.fn();
    const bus = createEventBus({ failed });
    const heard: string[] = [];
    bus.subscribeAll(() => {
      throw new TypeError('a broken listener');
    });
    bus.subscribeAll((name) => heard.push(name));
    // The emitter has done its work when it tells (a usage batch counted, a write stored): a throw here
    // made it report a failure for a change that was made, or count a batch twice.
    expect(() => bus.emit('apiKeys.changed', { integrationId: 'int_a', ids: ['key_1'] })).not.toThrow();
    expect(heard).toEqual(['apiKeys.changed']);
    expect(failed).toHaveBeenCalledWith('apiKeys.changed', expect.any(TypeError));
  });

  it('stops telling a listener once it unsubscribed', () => {
    const bus = createEventBus();
    const listener = vi.fn();
    const off = bus.subscribeAll(listener);
    bus.emit('integrations.changed', { ids: [] });
    off();
    bus.emit('integrations.changed', { ids: [] });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

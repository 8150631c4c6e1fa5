import type { z } from 'zod';
import { channels } from '../../../preload/contract/channels.js';
import { isChannelName } from '../../../preload/contract/build-api.js';
import { err, ok, type Result } from '../../../preload/contract/result.js';
import { isDeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import type { CallContext, Handlers } from './handlers.js';

/**
 * Validates one call from the renderer and runs its handler, always resolving to a result value.
 *
 * The renderer is untrusted: the channel must be declared and the payload must parse against its schema
 * before any handler runs. Unexpected errors are logged (redacted) and reported generically, because their
 * messages can carry details (paths, provider bodies) that do not belong in the UI.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  ctx: CallContext,
  logger: Logger,
): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return err('UNKNOWN_CHANNEL', `Unknown call: ${channel.slice(0, 64)}`);
  const schema: z.ZodType = channels[channel].input;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return validationError(parsed.error);
  try {
    const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
    return ok(await handler(parsed.data, ctx));
  } catch (e) {
    if (isDeskError(e)) return err(e.code, e.message, e.fields);
    logger.error({ channel, err: e }, 'handler failed');
    return err('INTERNAL', 'Something went wrong. The details are in the log.');
  }
}

function validationError(error: z.ZodError): Result<never> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  const messages = Object.values(fields);
  const message = messages.length === 1 ? messages[0]! : `Please correct ${messages.length} fields.`;
  return err('VALIDATION', message, fields);
}

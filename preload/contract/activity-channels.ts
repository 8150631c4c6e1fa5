import type { ActivityPage } from './activity-models.js';
import { listActivitySchema } from './activity-schemas.js';
import { channel } from './define.js';

/**
 * The audit trail, merged into the contract's channel map in `channels.ts`. Paged (newest first), so an
 * integration with 100,000 events costs one small read per page.
 */
export const activityChannels = {
  'activity.list': channel<ActivityPage>()(listActivitySchema),
} as const;

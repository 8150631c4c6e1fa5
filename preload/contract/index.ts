export * from './channels.js';
export * from './models.js';
export * from './connection-models.js';
export * from './api-key-models.js';
export * from './status-models.js';
export * from './result.js';
export * from './types.js';
export { buildApi, isChannelName, isEventName } from './build-api.js';

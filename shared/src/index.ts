export * from './errors.js';
export * from './roles.js';
export * from './themes.js';
export * from './cases.js';
export * from './api.js';
export * from './patrols.js';
export * from './bulletin.js';
export * from './city-time.js';

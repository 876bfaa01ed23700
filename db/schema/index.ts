export * from './audit.ts';
export * from './auth.ts';
export * from './campaigns.ts';
export * from './clients.ts';
export * from './performance.ts';
export * from './responses.ts';
export * from './surveys.ts';
export * from './mail.ts';

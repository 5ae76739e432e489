/**
 * One switch for every assert in the model, like planck.js's _ASSERT: off in the compiled
 * build, on under vitest (vitest.config.ts defines __IRQSTORM_DEBUG__). Guard asserts with
 * `if (DEBUG)` so the optimiser drops them from the hot path.
 */
declare const __IRQSTORM_DEBUG__: boolean | undefined;

export const DEBUG: boolean = typeof __IRQSTORM_DEBUG__ !== 'undefined' && __IRQSTORM_DEBUG__ === true;

// Types for engine-runtimes.js, which plain-Node scripts and jest.config.js also load.
export interface RuntimeLayout {
    version: string;
    /** The npm alias the runtime's package is installed under. */
    alias: string;
    /** The Rocket.Chat release that ships this engine. */
    rocketChat: string;
    /** Whether the engine starts Deno with its own --config (1.62 does, 1.53 does not). */
    passesConfig: boolean;
    packageDir: string;
    engineDir: string;
}

export const DEFAULT_ENGINE: string;
export const ROOT: string;
export const RUNTIMES: Record<string, { alias: string; rocketChat: string; passesConfig: boolean }>;
export function engineVersion(env?: Record<string, string | undefined>): string;
export function runtimeLayout(version: string): RuntimeLayout;

// js-yaml 3.x ships no types; only the call we use.
declare module 'js-yaml' {
    export function safeLoad(source: string): unknown;
}

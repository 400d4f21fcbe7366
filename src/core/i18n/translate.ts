import type { Catalog, MessageKey } from './en';
import { en } from './en';
import { de } from './de';
import { ptBR } from './pt-BR';

export type { MessageKey } from './en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;
export type Language = 'en' | 'pt-BR' | 'de';

const CATALOGS: Record<Language, Catalog> = { en, 'pt-BR': ptBR, de };

/** Rocket.Chat language codes (`pt-BR`, `de`, `de-AT`, `en`…) to the languages this app speaks. */
export function languageOf(code: string | undefined): Language {
    const lower = (code ?? '').toLowerCase();
    if (lower.startsWith('pt')) {
        return 'pt-BR';
    }
    if (lower.startsWith('de')) {
        return 'de';
    }
    return 'en';
}

/** The one way texts are made: a key, its parameters, in the reader's language. */
export function translator(language: Language): Translate {
    const catalog = CATALOGS[language];
    return (key, params = {}) => catalog[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export const englishT: Translate = translator('en');

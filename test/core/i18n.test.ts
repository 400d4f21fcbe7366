import { readFileSync } from 'fs';
import { join } from 'path';
import { en } from '../../src/core/i18n/en';
import type { Catalog } from '../../src/core/i18n/en';
import { de } from '../../src/core/i18n/de';
import { ptBR } from '../../src/core/i18n/pt-BR';
import { languageOf, translator } from '../../src/core/i18n/translate';

const translations: Array<[string, Catalog]> = [['pt-BR', ptBR], ['de', de]];
const english: Record<string, string> = en;

function placeholders(text: string): string[] {
    return (text.match(/\{\w+\}/g) ?? []).sort();
}

function emoji(text: string): string[] {
    return text.match(/:[a-z0-9_+-]+:/g) ?? [];
}

function count(text: string, needle: string): number {
    return text.split(needle).length - 1;
}

describe.each(translations)('the %s catalog', (_language, catalog) => {
    const texts: Record<string, string> = catalog;

    it('has exactly the English keys', () => {
        expect(Object.keys(texts).sort()).toEqual(Object.keys(en).sort());
    });

    it('keeps every {placeholder} of each English text, adding none', () => {
        const differing = Object.keys(en)
            .filter((key) => JSON.stringify(placeholders(texts[key] ?? '')) !== JSON.stringify(placeholders(english[key])))
            .map((key) => ({ key, english: placeholders(english[key]), translated: placeholders(texts[key] ?? '') }));
        expect(differing).toEqual([]);
    });

    it('keeps the emoji shortcodes, in the same order, and adds none', () => {
        const differing = Object.keys(en).filter((key) => JSON.stringify(emoji(texts[key] ?? '')) !== JSON.stringify(emoji(english[key])));
        expect(differing).toEqual([]);
    });

    it('keeps the line breaks and the backtick code spans', () => {
        const differing = Object.keys(en).filter((key) => count(texts[key] ?? '', '\n') !== count(english[key], '\n')
            || count(texts[key] ?? '', '`') !== count(english[key], '`'));
        expect(differing).toEqual([]);
    });

    it('has no empty text', () => {
        expect(Object.keys(texts).filter((key) => texts[key].trim() === '' && english[key].trim() !== '')).toEqual([]);
    });
});

describe('translator', () => {
    it('fills the parameters in German', () => {
        expect(translator('de')('alert.new', { emoji: ':red_circle:', app: '`guestbook`', what: 'Degraded' })).toBe(':red_circle: `guestbook` ist Degraded');
    });

    it('fills the parameters in Portuguese and leaves unknown ones visible', () => {
        expect(translator('pt-BR')('list.more', { shown: 'a, b' })).toBe('a, b e mais {count}');
    });

    it('speaks English by default', () => {
        expect(translator('en')('recovery.at', { revision: 'abc1234' })).toBe(' at abc1234');
    });
});

describe('languageOf', () => {
    it.each([
        ['pt-BR', 'pt-BR'],
        ['pt', 'pt-BR'],
        ['de', 'de'],
        ['de-AT', 'de'],
        ['en', 'en'],
        ['fr', 'en'],
        ['', 'en'],
        [undefined, 'en'],
    ])('%s speaks %s', (code, language) => {
        expect(languageOf(code)).toBe(language);
    });
});

describe('Rocket.Chat i18n files', () => {
    const read = (name: string): Record<string, string> => JSON.parse(readFileSync(join(__dirname, '../../i18n', name), 'utf8'));
    const enJson = read('en.json');

    it.each(['pt-BR.json', 'de.json'])('%s has the same keys as en.json, none empty', (name) => {
        const translated = read(name);
        expect(Object.keys(translated).sort()).toEqual(Object.keys(enJson).sort());
        expect(Object.keys(translated).filter((key) => translated[key].trim() === '')).toEqual([]);
    });
});

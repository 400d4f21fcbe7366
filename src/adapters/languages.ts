import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translate } from '../core/i18n/translate';
import { languageOf, translator } from '../core/i18n/translate';

async function serverLanguage(read: IRead): Promise<string | undefined> {
    try {
        const value = await read.getEnvironmentReader().getServerSettings().getValueById('Language');
        return typeof value === 'string' && value !== '' ? value : undefined;
    } catch {
        // A server that will not tell its language gets English rather than a failed run.
        return undefined;
    }
}

/** Channel posts speak the server's language. */
export async function serverTranslate(read: IRead): Promise<Translate> {
    return translator(languageOf(await serverLanguage(read)));
}

/** Private replies speak the user's own language, else the server's. */
export async function userTranslate(read: IRead, user: IUser): Promise<Translate> {
    const own = user.settings?.preferences?.language;
    return translator(languageOf(own && own !== '' ? own : await serverLanguage(read)));
}

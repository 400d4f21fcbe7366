import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RawSettings } from '../core/config';
import { SettingId } from '../core/settingIds';

/** Settings are read per run, never cached on the App instance: another instance may have changed them. */
export async function readSettings(read: IRead): Promise<RawSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    const raw: RawSettings = {};
    for (const id of Object.values(SettingId)) {
        raw[id] = await settings.getValueById(id);
    }
    return raw;
}

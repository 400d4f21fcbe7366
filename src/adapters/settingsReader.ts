import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RawSettings } from '../core/config';
import { SettingId } from '../core/settingIds';

/** Settings are read per run, never cached on the App instance: another instance may have changed them. */
export async function readSettings(read: IRead): Promise<RawSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    const ids = Object.values(SettingId);
    // One round trip each to Rocket.Chat: asked together, not one after another.
    const values = await Promise.all(ids.map((id) => settings.getValueById(id)));
    const raw: RawSettings = {};
    ids.forEach((id, i) => {
        raw[id] = values[i];
    });
    return raw;
}

import type { LayoutBlock } from '@rocket.chat/ui-kit';
import type { Translate } from '../core/i18n/translate';
import { ActionId } from './actionIds';
import { actions, button } from './blocks';

/** The buttons under an alert: the app travels as `namespace/name` and is checked again on click. */
export function alertButtons(appId: string, app: { key: string; name: string }, link: string, t: Translate): LayoutBlock[] {
    const blockId = `alert-${app.key}`;
    return [actions(appId, blockId, [
        { ...button(appId, blockId, ActionId.Open, t('button.open'), app.key), url: link },
        button(appId, blockId, ActionId.Details, t('button.details'), app.key),
        button(appId, blockId, ActionId.Sync, t('button.sync'), app.key, 'primary'),
        button(appId, blockId, ActionId.Mute, t('button.mute'), app.key),
    ])];
}

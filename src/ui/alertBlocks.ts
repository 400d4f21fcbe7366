import type { LayoutBlock } from '@rocket.chat/ui-kit';
import type { Translate } from '../core/i18n/translate';
import { ActionId } from './actionIds';
import { actions, button } from './blocks';

/**
 * The buttons under an alert: the app travels as `namespace/name` and is checked again on click.
 * A drift alert adds Diff; an incident's first message (the root) adds Ack.
 */
export function alertButtons(appId: string, app: { key: string; name: string }, link: string, t: Translate, extra: { diff?: boolean; ack?: boolean } = {}): LayoutBlock[] {
    const blockId = `alert-${app.key}`;
    return [actions(appId, blockId, [
        { ...button(appId, blockId, ActionId.Open, t('button.open'), app.key), url: link },
        button(appId, blockId, ActionId.Details, t('button.details'), app.key),
        ...(extra.diff ? [button(appId, blockId, ActionId.Diff, t('button.diff'), app.key)] : []),
        ...(extra.ack ? [button(appId, blockId, ActionId.Ack, t('button.ack'), app.key)] : []),
        button(appId, blockId, ActionId.Sync, t('button.sync'), app.key, 'primary'),
        button(appId, blockId, ActionId.Mute, t('button.mute'), app.key),
    ])];
}

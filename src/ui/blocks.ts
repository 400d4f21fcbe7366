import type { ActionsBlock, ButtonElement, SectionBlock } from '@rocket.chat/ui-kit';

/** UIKit blocks as plain `@rocket.chat/ui-kit` objects (the engine's BlockBuilder is deprecated). */
export function section(text: string): SectionBlock {
    return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function button(appId: string, blockId: string, actionId: string, text: string, value: string, style?: ButtonElement['style']): ButtonElement {
    return { type: 'button', appId, blockId, actionId, text: { type: 'plain_text', text, emoji: true }, value, ...(style ? { style } : {}) };
}

export function actions(appId: string, blockId: string, elements: ButtonElement[]): ActionsBlock {
    return { type: 'actions', appId, blockId, elements };
}

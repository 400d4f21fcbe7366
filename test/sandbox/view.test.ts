import { ChannelView, textLines } from '../../sim/sandbox/view';

const at = (seconds: number): Date => new Date(Date.UTC(2024, 2, 5, 7, 30, seconds));

const confirmBlocks = [
    { type: 'section', text: { type: 'mrkdwn', text: 'Sync `payments-api`?' } },
    {
        type: 'actions', blockId: 'pending-1', elements: [
            { type: 'button', actionId: 'argo-drift:confirm', value: 'p1', text: { type: 'plain_text', text: 'Confirm sync' } },
            { type: 'button', actionId: 'argo-drift:cancel', value: 'p1', text: { type: 'plain_text', text: 'Cancel' } },
        ],
    },
];

describe('ChannelView', () => {
    it('draws the channel with thread replies indented under their root, an edit in place, a private reply and a note', () => {
        const view = new ChannelView();
        view.post({ id: 'm1', text: ':red_circle: `checkout-web` is Degraded' }, at(1));
        view.post({ id: 'm2', text: ':large_orange_diamond: `payments-api` is OutOfSync' }, at(2));
        view.post({ id: 'r1', threadId: 'm1', text: 'still Degraded after 5m' }, at(3));
        view.note('Argo CD (demo): checkout-web is Healthy again', 'info', at(4));
        view.update({ id: 'm1', text: ':white_check_mark: `checkout-web` recovered · [Open in Argo CD](https://argocd.example.com/applications/argocd/checkout-web)' }, at(5));
        view.privateReply({ id: 'n1', text: 'Sync `payments-api`?', blocks: confirmBlocks }, at(6));

        expect(view.render({ utc: true })).toEqual([
            '[1] 07:30:01  Argo Drift  (edited)',
            '    ✅ `checkout-web` recovered · Open in Argo CD <https://argocd.example.com/applications/argocd/checkout-web>',
            '    ↳ [3] 07:30:03  Argo Drift',
            '        still Degraded after 5m',
            '[2] 07:30:02  Argo Drift',
            '    🔶 `payments-api` is OutOfSync',
            '· 07:30:04  Argo CD (demo): checkout-web is Healthy again',
            '[5] 07:30:06  only you can see this',
            '    Sync `payments-api`?',
            '    (1)[ Confirm sync ]  (2)[ Cancel ]',
        ]);
    });

    it('says which message a reply answers when it can only append', () => {
        const view = new ChannelView();
        view.post({ id: 'm1', text: 'root' }, at(1));
        const reply = view.post({ id: 'r1', threadId: 'm1', text: 'reply' }, at(2));
        expect(view.renderEntry(reply, { utc: true })).toEqual(['↳ reply to [1] [2] 07:30:02  Argo Drift', '    reply']);
    });

    it('maps a button number to what a click needs, and keeps numbers when the message is edited', () => {
        const view = new ChannelView();
        view.privateReply({ id: 'n1', text: 'Sync?', blocks: confirmBlocks }, at(1));
        view.post({ id: 'm1', text: 'Roll back?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'button', actionId: 'go', value: 'v', text: { type: 'plain_text', text: 'Go' } } }] }, at(2));
        view.update({ id: 'm1', text: 'Roll back? (edited)', blocks: [{ type: 'actions', elements: [{ type: 'button', actionId: 'go', value: 'v', text: { type: 'plain_text', text: 'Go' } }] }] }, at(3));

        expect(view.button(1)).toEqual({ messageId: 'n1', actionId: 'argo-drift:confirm', blockId: 'pending-1', value: 'p1' });
        expect(view.button(2)).toEqual({ messageId: 'n1', actionId: 'argo-drift:cancel', blockId: 'pending-1', value: 'p1' });
        expect(view.button(3)).toEqual({ messageId: 'm1', actionId: 'go', value: 'v' });
        expect(view.button(4)).toBeUndefined();
        expect(view.render({ utc: true }).slice(-3)).toEqual(['[2] 07:30:02  Argo Drift  (edited)', '    Roll back? (edited)', '    (3)[ Go ]']);
    });

    it('shows attachments under the message text', () => {
        const view = new ChannelView();
        view.post({ id: 'm1', text: 'fleet', attachments: [{ title: { value: 'Degraded' }, text: 'checkout-web', fields: [{ title: 'since', value: '5m' }] }] }, at(1));
        expect(view.render({ utc: true })).toEqual(['[1] 07:30:01  Argo Drift', '    fleet', '    │ Degraded', '    │ checkout-web', '    │ since: 5m']);
    });
});

describe('textLines', () => {
    it.each([
        [':eyes: watching', ['👀 watching']],
        [':no_such_emoji: kept', [':no_such_emoji: kept']],
        ['a\nb', ['a', 'b']],
        ['', []],
        ['[Open](https://x.example/a?b=c)', ['Open <https://x.example/a?b=c>']],
    ])('%j', (text, lines) => {
        expect(textLines(text)).toEqual(lines);
    });
});

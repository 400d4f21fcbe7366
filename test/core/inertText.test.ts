import { renderingProblems } from '../support/inertText';

// The check every end-to-end world runs over what the app wrote: it must catch what Rocket.Chat's
// client would turn into a mention, a foreign link, a channel link or a layout block.
const ARGO = 'https://argocd.example.com/';

test.each([
    ['a channel link', 'deployment #12', 'MENTION_CHANNEL'],
    ['a user mention', 'ping @all', 'MENTION_USER'],
    ['a foreign link', 'see [here](https://evil.example.com/x)', 'LINK to https://evil.example.com/x'],
    ['a heading', '# big', 'HEADING block'],
    ['a quote', '> quoted', 'QUOTE block'],
])('%s is caught', (_name, text, problem) => {
    expect(renderingProblems(text, [ARGO]).join(' ')).toContain(problem);
});

test.each([
    ['inline code', 'deployment `12` of `@all` in `#general`'],
    ['a link to Argo CD', '[Open in Argo CD](https://argocd.example.com/applications/argocd/guestbook)'],
    ['bullets and bold', '*Deployments of `x`*\n• `2` `a1b2c3d` deployed 3m ago'],
])('%s passes', (_name, text) => {
    expect(renderingProblems(text, [ARGO])).toEqual([]);
});

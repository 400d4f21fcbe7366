import type { DiffResult, FieldChange, ResourceDiff } from '../diff';
import { code, pathSegment } from '../escape';
import type { Translate } from '../i18n/translate';
import { englishT } from '../i18n/translate';
import { appLink } from '../render';

/** Rocket.Chat's default message limit is 5,000 characters; the answer stays well below it. */
export const DIFF_BUDGET = 4500;
/** Changed fields shown per resource before "and N more". */
const FIELDS_PER_RESOURCE = 8;

/**
 * Argo CD's UI opens the app's diff tab with the app node selected and `tab=diff`
 * (ui/src/app/applications/components/application-details/application-details.tsx: `showDiff`
 * selects `argoproj.io/Application/<ns>/<name>` with container 0 and tab `diff`).
 */
export function diffLink(argocdUrl: string, app: { namespace: string; name: string }): string {
    const node = ['argoproj.io', 'Application', app.namespace, app.name, '0'].map(pathSegment).join('/');
    return `${appLink(argocdUrl, app)}?node=${node}&tab=diff`;
}

function resourceName(r: ResourceDiff): string {
    return `${code(r.kind, 40)} ${code(r.namespace ? `${r.namespace}/${r.name}` : r.name, 120)}`;
}

function fieldLine(change: FieldChange, t: Translate): string {
    if (change.secret) {
        return `  ${t(change.secret === 'changed' ? 'diff.secretChanged' : 'diff.secretUnchanged', { path: code(change.path, 120) })}`;
    }
    return `  ${t('diff.field', { path: code(change.path, 120), live: code(change.live ?? '', 100), desired: code(change.desired ?? '', 100) })}`;
}

function resourceLines(r: ResourceDiff, t: Translate): string[] {
    switch (r.state) {
        case 'live-only':
            return [t('diff.liveOnly', { resource: resourceName(r) })];
        case 'desired-only':
            return [t('diff.desiredOnly', { resource: resourceName(r) })];
        case 'unreadable':
            return [t('diff.unreadable', { resource: resourceName(r) })];
        case 'changed': {
            const shown = r.changes.slice(0, FIELDS_PER_RESOURCE).map((c) => fieldLine(c, t));
            const more = r.changes.length - shown.length;
            return [t('diff.resource', { resource: resourceName(r) }), ...shown, ...(more > 0 ? [`  ${t('diff.moreFields', { count: more })}`] : [])];
        }
    }
}

/** `/argo diff <app>`: every drifted resource and its changed fields, in one message with a link to Argo CD's own diff. */
export function renderDiff(app: { name: string; namespace: string }, diff: DiffResult, argocdUrl: string, t: Translate = englishT): string {
    const link = `[${t('diff.link')}](${diffLink(argocdUrl, app)})`;
    if (diff.resources.length === 0) {
        return `${t('diff.none', { app: code(app.name), total: diff.total })}\n${link}`;
    }
    const lines = [t('diff.header', { app: code(app.name), count: diff.resources.length, total: diff.total })];
    let used = lines[0].length + link.length + 100;
    let shown = 0;
    for (const resource of diff.resources) {
        const block = resourceLines(resource, t);
        const size = block.reduce((n, line) => n + line.length + 1, 0);
        if (used + size > DIFF_BUDGET) {
            break;
        }
        lines.push(...block);
        used += size;
        shown++;
    }
    if (shown < diff.resources.length) {
        lines.push(t('diff.moreResources', { count: diff.resources.length - shown }));
    }
    lines.push(link);
    return lines.join('\n');
}

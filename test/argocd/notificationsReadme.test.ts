import { readFileSync } from 'fs';
import { join } from 'path';
import { configMapYaml } from './notificationsConfig';

test("the README's argocd-notifications-cm is deploy/argocd-notifications-cm.yaml, unchanged", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf("## Instant alerts: Argo CD's webhook"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section);
    expect(block?.[1]).toBe(configMapYaml());
});

/** The ConfigMap the README shows (deploy/argocd-notifications-cm.yaml) and the one it used to show. */
import { readFileSync } from 'fs';
import { join } from 'path';

export const CONFIG_MAP_FILE = join(__dirname, '..', '..', 'deploy', 'argocd-notifications-cm.yaml');
export const configMapYaml = (): string => readFileSync(CONFIG_MAP_FILE, 'utf8');
export const SECRET = { 'argo-drift-secret': 's3cret' };

/** The README's ConfigMap before this change: no Content-Type, one OR-ed condition, an unguarded phase. */
export const OLD_README_CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-notifications-cm
data:
  service.webhook.argo-drift: |
    url: https://chat.example.com/api/apps/public/<app id>/argocd-webhook
    headers:
      - name: X-Argo-Drift-Secret
        value: $argo-drift-secret
  template.argo-drift: |
    webhook:
      argo-drift:
        method: POST
        body: |
          {"app": "{{.app.metadata.name}}", "namespace": "{{.app.metadata.namespace}}"}
  trigger.on-argo-drift-change: |
    - when: app.status.sync.status == 'OutOfSync' or app.status.health.status in ['Degraded', 'Missing', 'Healthy'] or app.status.operationState.phase in ['Error', 'Failed', 'Succeeded']
      send: [argo-drift]
  subscriptions: |
    - recipients: [argo-drift]
      triggers: [on-argo-drift-change]
`;

/** A ConfigMap with the given trigger conditions (YAML list items) and otherwise the README's service and template. */
export function withTrigger(conditions: string): string {
    const base = configMapYaml();
    const start = base.indexOf('  trigger.on-argo-drift-change: |');
    const end = base.indexOf('  subscriptions: |');
    const indented = conditions
        .trim()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
    return `${base.slice(0, start)}  trigger.on-argo-drift-change: |\n${indented}\n${base.slice(end)}`;
}

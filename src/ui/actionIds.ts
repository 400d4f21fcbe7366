/** UIKit action ids this app handles. */
export enum ActionId {
    Confirm = 'argo-drift:confirm',
    Cancel = 'argo-drift:cancel',
    /** Buttons on an alert: their value is the app as `namespace/name`. */
    Details = 'argo-drift:details',
    Sync = 'argo-drift:sync',
    Mute = 'argo-drift:mute-1h',
    Open = 'argo-drift:open',
    /** On drift alerts: `/argo diff` for that app, privately. */
    Diff = 'argo-drift:diff',
    /** "I am on it": `/argo ack` for that app. */
    Ack = 'argo-drift:ack',
}

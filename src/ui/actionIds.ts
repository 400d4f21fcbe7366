/** UIKit action ids this app handles. */
export enum ActionId {
    Confirm = 'argo-drift:confirm',
    Cancel = 'argo-drift:cancel',
}

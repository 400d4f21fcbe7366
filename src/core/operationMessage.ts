/** `status.operationState.message` of a full Application object (the list's `fields` cannot carry it). */
export function operationMessageOf(application: unknown): string | undefined {
    const message = (application as { status?: { operationState?: { message?: unknown } } })?.status?.operationState?.message;
    return typeof message === 'string' && message !== '' ? message : undefined;
}

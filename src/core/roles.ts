/** Whether a user holding `userRoles` may run actions reserved to `allowedRoles`. */
export function mayOperate(userRoles: readonly string[] | undefined, allowedRoles: readonly string[]): boolean {
    return (userRoles ?? []).some((role) => allowedRoles.includes(role));
}

/** A muted target posts nothing until `until` or until it is lifted. */
export type MuteTarget =
    | { kind: 'app'; name: string }
    | { kind: 'project'; project: string }
    | { kind: 'all' };

export interface Mute {
    target: MuteTarget;
    until: number;
    by: string;
    reason?: string;
    createdAt: number;
}

export interface Mutable {
    name: string;
    project: string;
}

export function muteTargetKey(target: MuteTarget): string {
    switch (target.kind) {
        case 'app': return `app:${target.name}`;
        case 'project': return `project:${target.project}`;
        case 'all': return 'all';
    }
}

export function describeMuteTarget(target: MuteTarget): string {
    switch (target.kind) {
        case 'app': return target.name;
        case 'project': return `project:${target.project}`;
        case 'all': return 'all';
    }
}

function covers(target: MuteTarget, app: Mutable): boolean {
    switch (target.kind) {
        case 'app': return target.name === app.name;
        case 'project': return target.project === app.project;
        case 'all': return true;
    }
}

export function activeMutes(mutes: readonly Mute[], now: number): Mute[] {
    return mutes.filter((mute) => mute.until > now);
}

export function findMute(app: Mutable, mutes: readonly Mute[], now: number): Mute | undefined {
    return mutes.find((mute) => mute.until > now && covers(mute.target, app));
}

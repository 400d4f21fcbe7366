import type { LeaseRecord } from '../../src/core/lease';
import { distinctLeases, LEASE_TTL_MS, leaseVerdict, nextTicket, stillHeld } from '../../src/core/lease';

// The run lease decided from one read of every lease record, the only thing Rocket.Chat's
// persistence offers (no compare-and-set, duplicates possible, removal not atomic).

const NOW = 1_000_000;

function lease(runId: string, patch: Partial<LeaseRecord> = {}): LeaseRecord {
    return { runId, takenAt: NOW, expiresAt: NOW + LEASE_TTL_MS, choosing: false, ticket: 1, ...patch };
}

describe('who holds the lease', () => {
    it('alone: held', () => {
        expect(leaseVerdict([lease('a')], 'a', NOW)).toBe('held');
    });

    it('equal tickets: the smaller run id holds it, the other loses, both deciding the same', () => {
        const leases = [lease('b'), lease('a')];
        expect(leaseVerdict(leases, 'a', NOW)).toBe('held');
        expect(leaseVerdict(leases, 'b', NOW)).toBe('lost');
    });

    it('a smaller ticket wins whatever the run id', () => {
        const leases = [lease('a', { ticket: 2 }), lease('z', { ticket: 1 })];
        expect(leaseVerdict(leases, 'a', NOW)).toBe('lost');
        expect(leaseVerdict(leases, 'z', NOW)).toBe('held');
    });

    it('a rival still choosing its ticket is waited for, not ignored', () => {
        expect(leaseVerdict([lease('b'), lease('a', { choosing: true, ticket: undefined })], 'b', NOW)).toBe('wait');
    });

    it('the slow-write case: the run that read before its rival\'s record landed drew the smaller ticket, the other waits and loses', () => {
        // A wrote and read alone: ticket 1. B's "choosing" landed after A's read, so B's read sees A's ticket and draws 2.
        const afterBoth = [lease('b-early-clock', { takenAt: NOW - 5, ticket: 2 }), lease('a', { ticket: 1 })];
        expect(nextTicket([lease('a', { ticket: 1 })], NOW)).toBe(2);
        expect(leaseVerdict(afterBoth, 'a', NOW)).toBe('held');
        expect(leaseVerdict(afterBoth, 'b-early-clock', NOW)).toBe('lost');
    });

    it('an expired record (a run that died) keeps no one out and adds nothing to the ticket', () => {
        const dead = lease('dead', { ticket: 7, expiresAt: NOW - 1 });
        expect(nextTicket([dead], NOW)).toBe(1);
        expect(leaseVerdict([dead, lease('b', { ticket: 8 })], 'b', NOW)).toBe('held');
    });

    it('a run whose own record is gone or expired has lost it (fencing)', () => {
        expect(stillHeld([lease('b')], 'a', NOW)).toBe(false);
        expect(stillHeld([lease('a', { expiresAt: NOW })], 'a', NOW)).toBe(false);
        expect(stillHeld([lease('a'), lease('b', { choosing: true, ticket: undefined })], 'a', NOW)).toBe(true);
    });

    it('a record inserted twice counts once, by its most advanced copy', () => {
        const leases = distinctLeases([lease('a', { choosing: true, ticket: undefined }), lease('a'), 'junk', null, lease('b', { ticket: 2 })]);
        expect(leases).toHaveLength(2);
        expect(leaseVerdict(leases, 'a', NOW)).toBe('held');
    });
});

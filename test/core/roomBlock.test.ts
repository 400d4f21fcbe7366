import { BLOCKED_RETRY_MS, blockReasonOf, worthTrying } from '../../src/core/roomBlock';
import type { RoomBlock } from '../../src/core/roomBlock';

// Lasting refusals of a channel (apps/meteor/app/authorization/server/functions/canSendMessage.ts)
// are remembered and tried again now and then; other errors are retried on the next run.

test.each([
    ['You can\'t send messages because the room is readonly.', 'read-only'],
    ['error-not-allowed: room is read only', 'read-only'],
    ['room_is_archived', 'archived'],
    ['You_have_been_muted', 'muted'],
    ['sim: message insert failed (injected by failNextPosts)', undefined],
    ['MongoServerError: connection reset', undefined],
])('"%s" is %s', (error, reason) => {
    expect(blockReasonOf(error)).toBe(reason);
});

describe('a blocked channel', () => {
    const block: RoomBlock = { roomId: 'r1', room: 'deploys', reason: 'read-only', since: 0, triedAt: 1000, readOnly: true };

    test('is not tried again before the retry interval', () => {
        expect(worthTrying(block, true, 1000 + BLOCKED_RETRY_MS - 1)).toBe(false);
        expect(worthTrying(block, true, 1000 + BLOCKED_RETRY_MS)).toBe(true);
    });
    test('is tried at once when it stops being read-only', () => {
        expect(worthTrying(block, false, 1001)).toBe(true);
    });
    test('an unblocked channel is always tried', () => {
        expect(worthTrying(undefined, true, 0)).toBe(true);
    });
});

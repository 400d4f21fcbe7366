import { blockReasonOf } from '../../src/core/roomBlock';

// Lasting refusals of a channel, with the texts Rocket.Chat's canSendMessage.ts throws; any other
// error is an ordinary failed post, retried on the next run.

test.each([
    ['You can\'t send messages because the room is readonly.', 'read-only'],
    ['room_is_archived', 'archived'],
    ['You_have_been_muted', 'muted'],
    ['not-allowed [error-not-allowed]', undefined],
    ['sim: message insert failed (injected by failNextPosts)', undefined],
    ['MongoServerError: connection reset', undefined],
])('"%s" is %s', (error, reason) => {
    expect(blockReasonOf(error)).toBe(reason);
});

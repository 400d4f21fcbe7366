import { parseCommandParameters } from '../../sim/rocketchat/commandParameters';

// Rocket.Chat: apps/meteor/lib/utils/parseParameters.ts (what an app's slash command receives).

test('runs of whitespace separate parameters; a quoted string keeps its spaces without the quotes', () => {
    expect(parseCommandParameters('mute  app   1h "deploy freeze"')).toEqual(['mute', 'app', '1h', 'deploy freeze']);
    expect(parseCommandParameters(" mute\tapp\n'two words' ")).toEqual(['mute', 'app', 'two words']);
});

test('no parameters, or only whitespace, is an empty list', () => {
    expect(parseCommandParameters('')).toEqual([]);
    expect(parseCommandParameters('   \t ')).toEqual([]);
});

test('quoted stretches back to back are two parameters; glued to a word they join it', () => {
    expect(parseCommandParameters('"a b""c d"')).toEqual(['a b', 'c d']);
    expect(parseCommandParameters('x"b c"d')).toEqual(['xb cd']);
});

test('an escaped quote stays inside the quoted string and loses its backslash; an unmatched quote is kept', () => {
    expect(parseCommandParameters('"say \\"hi\\" now" end')).toEqual(['say "hi" now', 'end']);
    expect(parseCommandParameters('it"s fine')).toEqual(['it"s', 'fine']);
});

test('an empty quoted string is an empty parameter', () => {
    expect(parseCommandParameters('a "" b')).toEqual(['a', '', 'b']);
});

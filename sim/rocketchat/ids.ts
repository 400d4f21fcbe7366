import { randomBytes } from 'crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A 17-character id shaped like Rocket.Chat's Random.id(). */
export function randomId(): string {
    const bytes = randomBytes(17);
    let id = '';
    for (const byte of bytes) {
        id += ALPHABET[byte % ALPHABET.length];
    }
    return id;
}

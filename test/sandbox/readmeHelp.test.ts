import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

// The README quotes `npm start -- --help` as the command line's contract: it must be the real one.
test('the README\'s copy of the sandbox help is what --help prints', () => {
    const root = join(__dirname, '..', '..');
    const printed = execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'sim', 'sandbox', 'main.ts'), '--help'], { encoding: 'utf8' }).trim();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const from = readme.indexOf('```\n', readme.indexOf('`npm start -- --help`:')) + 4;
    expect(readme.slice(from, readme.indexOf('\n```', from)).trim()).toBe(printed);
});

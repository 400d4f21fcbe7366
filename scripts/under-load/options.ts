/** `npm run test:under-load -- [options]`: what to run, parsed apart from running it so it can be tested. */

export interface UnderLoadOptions {
    /** How many measured `npm test` runs, one after another. */
    runs: number;
}

export type ParsedUnderLoadArgs =
    | { kind: 'run'; options: UnderLoadOptions }
    | { kind: 'help' }
    | { kind: 'error'; message: string };

export const DEFAULT_RUNS = 5;
const MAX_RUNS = 100;

export const UNDER_LOAD_USAGE = `Usage: npm run test:under-load -- [options]
       npx tsx scripts/under-load/main.ts [options]

Runs the whole \`npm test\` several times in a row while a second whole \`npm test\` runs beside it
as load, over and over, in a throwaway clone of this checkout (git clone --shared, node_modules
hard-linked), so the two never share a file. Prints each measured run's result, duration and test
counts; stops at the first failing run and prints what failed. Exit 0: every run passed.

  --runs N     measured runs, 1 to ${MAX_RUNS} (default: ${DEFAULT_RUNS})
  --help       this text

Each run's full output is kept in a log file; its path is printed.
`;

export function parseUnderLoadArgs(argv: readonly string[]): ParsedUnderLoadArgs {
    const options: UnderLoadOptions = { runs: DEFAULT_RUNS };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
        switch (flag) {
            case '--help':
            case '-h':
                return { kind: 'help' };
            case '--runs': {
                const value = inline ?? argv[++i];
                if (value === undefined || value === '') {
                    return { kind: 'error', message: `--runs: needs a value; enter how many measured runs, 1 to ${MAX_RUNS}` };
                }
                if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_RUNS) {
                    return { kind: 'error', message: `--runs: "${value}" is not a whole number from 1 to ${MAX_RUNS}; enter how many measured runs, e.g. --runs 5` };
                }
                options.runs = Number(value);
                break;
            }
            default:
                return {
                    kind: 'error',
                    message: flag.startsWith('-') ? `unknown option ${flag}; see --help` : `unexpected argument "${arg}"; see --help`,
                };
        }
    }
    return { kind: 'run', options };
}

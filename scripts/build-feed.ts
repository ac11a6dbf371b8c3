import { main } from '../src/builder/cli.ts';

process.exitCode = main(process.argv.slice(2));

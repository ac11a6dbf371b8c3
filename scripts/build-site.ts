import { parseArgs } from 'node:util';
import { checkFeedArgs, FEED_OPTIONS, FEED_USAGE, formatSummary } from '../src/builder/cli.ts';
import { UsageError } from '../src/builder/site-config.ts';
import { buildSite } from '../src/builder/site.ts';
import { writeOutput } from '../src/builder/write.ts';

const USAGE = `${FEED_USAGE.replace('build:feed', 'build:site')}
  --base <path>        serve the site under a sub-path (default /)`;

export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: { ...FEED_OPTIONS, base: { type: 'string' } }, strict: true });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const args = { ...checkFeedArgs(values), base: values.base };
    const started = performance.now();
    const result = await buildSite(args);
    writeOutput(args.out, result.files);
    if (!args.quiet) {
      for (const e of result.feed.report.posts) if (e.status === 'skipped') process.stderr.write(`skipped ${e.file}: ${e.reason ?? ''}\n`);
      for (const route of result.unservable) process.stderr.write(`note: no page file for ${route} (a path segment is over 255 bytes); 404.html serves it\n`);
      process.stderr.write(`${formatSummary(result.feed, performance.now() - started, args.out)}; ${result.pages} pages\n`);
    }
    const { skipped, warnings } = result.feed.stats;
    return args.strict && (skipped > 0 || warnings > 0) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`build:site: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`build:site: failed, previous output left as it was: ${(error as Error).stack ?? String(error)}\n`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));

/**
 * `npm run --silent attainment -- --fy <年度> --actuals FILE [--reports FILE]`
 * Rates the plan's KPIs (and, with --reports, its action items) for a fiscal year and prints the
 * assessment as JSON on stdout; the work is scripts/cli/attainment.ts, which the tests run in-process.
 */
import { runAttainmentCli } from './cli/attainment.ts';

// Piped into `head` and closed early: not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = runAttainmentCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

/**
 * `npm run --silent plan -- check|apply|export …`: a plan workbook from the command line; the work is
 * scripts/cli/plan.ts, which the tests run in-process.
 */
import { runPlanCli } from './cli/plan.ts';

// Piped into `head` and closed early: not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runPlanCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

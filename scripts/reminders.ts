/**
 * `npm run --silent reminders -- --fy <年度> [--dry-run] [--round N] [--deadline MM-DD]`
 * Reminds each department of its reports not yet submitted to HQ, from the local system's data
 * (start it with `npm start`). With --dry-run it prints every department's mail and sends nothing;
 * without, it sends through the configured SES endpoint (locally aws-ses-v2-local), once per fiscal
 * year, department and round: running it again sends nothing, a new --round reminds again.
 * Addresses follow DEPARTMENT_ADDRESS (default {code}@city.example.jp). The mail gives the fiscal year's
 * 提出期限 from --deadline, else DEADLINE (as `npm start` takes it), else 05-31, in the year after the 年度.
 * Items no department is assigned to are named at the end, for HQ to assign.
 */
import { DEFAULT_SUBMISSION_DEADLINE, formatFiscalYear, submissionDeadline } from '../functions/domain/calendar/index.ts';
import { ASSIGN_SCREEN, assignRequest } from '../functions/digest/labels.ts';
import { reminderRound, sendReminders } from '../functions/digest/run.ts';
import { connectLocal, parseOptions, run, UsageError } from './mail-cli.ts';

const USAGE = '--fy <年度> [--dry-run] [--round N] [--deadline MM-DD]';

run(async (argv) => {
  const { values, fiscalYear } = parseOptions(argv, { 'dry-run': { type: 'boolean' }, round: { type: 'string' }, deadline: { type: 'string' } }, USAGE);
  const roundText = values.round === undefined ? '1' : String(values.round);
  const round = Number(roundText);
  if (!/^\d{1,2}$/.test(roundText) || round < 1) throw new UsageError('--round には1〜99の回数を指定してください');
  const deadlineMonthDay = typeof values.deadline === 'string' ? values.deadline : process.env.DEADLINE || DEFAULT_SUBMISSION_DEADLINE;
  try {
    submissionDeadline(fiscalYear, deadlineMonthDay);
  } catch (error) {
    throw new UsageError(`--deadline（または DEADLINE）：${error instanceof Error ? error.message : String(error)}`);
  }
  const local = await connectLocal();
  const settings = { ...local.settings, departmentAddress: process.env.DEPARTMENT_ADDRESS ?? '{code}@city.example.jp', deadlineMonthDay };
  const unassigned = (numbers: string[]) =>
    numbers.length ? `担当課が未設定の取組項目（督促していません。${assignRequest(`「${ASSIGN_SCREEN.name}」`).join('')}）：${numbers.join('、')}\n` : '';

  if (values['dry-run'] === true) {
    const { reminders, unassigned: open } = await reminderRound(local, settings, fiscalYear);
    for (const { mail } of reminders) process.stdout.write(`宛先：${mail.to.join(', ')}\n件名：${mail.subject}\n\n${mail.text}\n`);
    process.stdout.write(`${formatFiscalYear(fiscalYear)}：${reminders.length}課に送る予定です（送信していません）\n${unassigned(open)}`);
    return;
  }
  const outcome = await sendReminders({ ...local, mailer: local.mailer() }, settings, { fiscalYear, round });
  const names = (codes: string[]) => codes.map((code) => outcome.names[code]).join('、') || 'なし';
  process.stdout.write(
    `${formatFiscalYear(fiscalYear)}の督促（${round}回目）：送信 ${outcome.departments.length}課（${names(outcome.departments)}）、` +
      `送信済みのため省略 ${outcome.skipped.length}課（${local.sesEndpoint}）\n${unassigned(outcome.unassigned)}`,
  );
});

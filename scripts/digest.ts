/**
 * `npm run --silent digest -- --fy <年度> [--dry-run] [--force]`
 * Renders the yearly digest from the local system's data (start it with `npm start`). With --dry-run
 * it prints the subject, the plain text and the full HTML and sends nothing; without, it sends
 * through the configured SES endpoint (locally aws-ses-v2-local) exactly once per fiscal year.
 */
import { formatFiscalYear } from '../functions/domain/calendar/index.ts';
import { prepareDigest, sendDigest } from '../functions/digest/run.ts';
import { connectLocal, parseOptions, run } from './mail-cli.ts';

run(async (argv) => {
  const { values, fiscalYear } = parseOptions(argv, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }, '--fy <年度> [--dry-run] [--force]');
  const local = await connectLocal();
  if (values['dry-run'] === true) {
    const digest = await prepareDigest(local, fiscalYear, local.settings.webAppUrl);
    process.stdout.write(`件名：${digest.subject}\n\n${digest.text}\n----- HTML -----\n${digest.html}\n`);
    return;
  }
  const outcome = await sendDigest({ ...local, mailer: local.mailer() }, local.settings, { fiscalYear, force: values.force === true });
  process.stdout.write(
    outcome.sent
      ? `送信しました：${outcome.subject} → ${outcome.recipients.join(', ')}（${local.sesEndpoint}）\n`
      : `${formatFiscalYear(fiscalYear)}のダイジェストは${outcome.reason === 'already_sent' ? '送信済みです（再送は --force）' : '送信中です'}\n`,
  );
});

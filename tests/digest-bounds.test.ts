/**
 * The digest's lists are bounded: at 100× today's plan they would run to thousands of rows (several MB of
 * mail, more than the archive item holds). Today's plan fits within the bound; a larger one is cut short
 * with the count of what was left out and a link to the overview.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ROWS_PER_LIST, renderDigest } from '../functions/digest/render.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { buildYearStatus } from '../functions/progress/year-status.ts';
import { scaledPlan } from '../bench/synthetic-plan.ts';

const digestOf = (catalogue: ReturnType<typeof seedCatalogue>) =>
  renderDigest({
    catalogue,
    status: buildYearStatus({ catalogue, fiscalYear: 2027, records: [], assignments: [], approvedOnly: false }),
    webAppUrl: 'https://shinchoku.example',
  });

describe('the digest of a plan far larger than today’s', () => {
  it('lists a department’s open items of today’s plan in full', () => {
    const line = digestOf(seedCatalogue())
      .text.split('\n')
      .find((l) => l.includes('庶務課：'))!;
    expect(line).toContain('取組項目 32件');
    expect(line).not.toContain('ほか');
  });

  it('shows at most the bound per list and counts the rest, in HTML and in text', () => {
    const catalogue = parseCatalogue(scaledPlan(seedCatalogue().plan, 10));
    const { html, text } = digestOf(catalogue);
    const status = buildYearStatus({ catalogue, fiscalYear: 2027, records: [], assignments: [], approvedOnly: false });
    const shomu = status.missing.find((m) => m.department === 'shomu')!;
    expect(shomu.actionItems.length).toBeGreaterThan(MAX_ROWS_PER_LIST);

    const line = text.split('\n').find((l) => l.includes('庶務課：'))!;
    expect(line).toContain(`取組項目 ${shomu.actionItems.length}件`);
    expect(line).toContain(`ほか${shomu.actionItems.length - MAX_ROWS_PER_LIST}件`);
    const listed = /取組項目 \d+件（([^）]*)）/.exec(line)![1]!.split('、');
    // Listed by the numbers the plan shows, not by keys (the larger plan's copies have keys of their own).
    const numbers = shomu.actionItems.slice(0, MAX_ROWS_PER_LIST).map((key) => catalogue.actionItem(key)!.item.number);
    expect(listed).toEqual([...numbers, `ほか${shomu.actionItems.length - MAX_ROWS_PER_LIST}件`]);
    expect(html).toContain(`ほか${shomu.actionItems.length - MAX_ROWS_PER_LIST}件`);
    expect(html).toContain('全体状況</a>で確認できます');
    expect(html.length).toBeLessThan(400 * 1024);
  });
});

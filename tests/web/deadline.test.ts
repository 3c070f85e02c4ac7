/**
 * The deployment's deadline setting reaches the web app: `npm start` with DEADLINE=04-30 (the stack's
 * `-c deadline=04-30` in AWS, tested in tests/infra/custom-domain.test.ts) writes it into /config.json, and a
 * department's home counts down to 4月30日, the same date the reminder mail gives.
 */
import { describe, expect, it } from 'vitest';
import { signInAs, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem({ DEADLINE: '04-30', HEAD_CONFIRMATION: 'off' });

describe('the deadline setting in the browser', () => {
  it('serves the settings in /config.json and counts the home page down to 4月30日', async () => {
    const config = await (await fetch(`${web.url}/config.json`)).json();
    expect(config).toMatchObject({ mode: 'local', deadline: '04-30', headConfirmation: false });

    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' });
    await page.goto(`${web.url}/#/department?fy=2026`);
    const summary = page.locator('.summary-box');
    await summary.getByText('提出期限').waitFor();
    const text = await summary.innerText();
    expect(text).toContain('提出期限 令和9年4月30日');
    expect(text).not.toContain('5月31日');
    expect(text).toMatch(/（あと\d+日）|（期限を過ぎています）/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

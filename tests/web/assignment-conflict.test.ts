/**
 * 関係各課の割当て when two people at HQ change one measure at once: the second save meets the first in the
 * one conflict panel every screen uses (their choice beside one's own, from the 412 itself), and may keep
 * their version or write its own over it.
 */
import { describe, expect, it } from 'vitest';
import { signInAs, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem();

async function openAssignment() {
  const session = await signInAs(web.browser, web.url, { role: 'hq' });
  await session.page.goto(`${web.url}/#/hq/assign`);
  await session.page.getByRole('heading', { level: 1, name: '関係各課の割当て' }).waitFor();
  await session.page.getByRole('link', { name: /^変更する\s?（施策1）$/ }).click();
  await session.page.getByRole('heading', { level: 1, name: /施策1 / }).waitFor();
  return session;
}

describe('関係各課の割当て changed by two people at once', () => {
  it('shows the other person’s choice beside one’s own, and saves one’s own over it when asked', async () => {
    const first = await openAssignment();
    const second = await openAssignment();

    await first.page.getByLabel('財政課').check();
    await first.page.getByRole('button', { name: '保存する' }).click();
    await first.page.getByText('保存しました（財政課、版1）').waitFor();

    await second.page.getByLabel('庶務課').check();
    await second.page.getByRole('button', { name: '保存する' }).click();
    const panel = second.page.getByRole('alert').filter({ hasText: '他の人が先に割当てを変更しました' });
    await panel.waitFor();
    const row = panel.getByRole('row', { name: /報告する課/ });
    expect(await row.getByRole('cell').nth(0).innerText()).toBe('財政課');
    expect(await row.getByRole('cell').nth(1).innerText()).toBe('庶務課');
    await second.page.screenshot({ path: 'test-output/screenshots/assignment-conflict.png', fullPage: true });

    await panel.getByRole('button', { name: '自分の選択で上書きする' }).click();
    await second.page.getByText('保存しました（庶務課、版2）').waitFor();
    await Promise.all([first.context.close(), second.context.close()]);
  }, 90_000);
});

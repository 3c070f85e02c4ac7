import { beforeAll, describe, expect, it } from 'vitest';
import { OpinionsModel } from '../../web/src/models/opinions.ts';
import { TEST_CLOCK_START, hq, viewer } from '../api/harness.ts';
import { answering, modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  api = await modelApi();
});

const load = (fy: number, records: boolean) => OpinionsModel.load({ fy, records, speaker: '委員 山田', now: () => TEST_CLOCK_START });

describe('the opinions model, against the real API', () => {
  it('refuses an opinion without text at its field and records nothing', async () => {
    await api.signIn(viewer);
    const opinions = await load(2026, false);
    expect(await opinions.record()).toBe('invalid');
    expect(opinions.state.errors.text).toBeTruthy();
    expect((await api.call(viewer, 'GET', '/api/fiscal-years/2026/opinions')).body.opinions).toEqual([]);
  });

  it('submits a council member’s opinion, says it waits for HQ, and starts a blank form', async () => {
    await api.signIn(viewer);
    const opinions = await load(2026, false);
    expect(opinions.state.draft.speaker).toBe('委員 山田');
    opinions.editDraft({ measure: '5', text: '押印廃止の効果を市民にも示してほしい。' });
    expect(await opinions.record()).toBe('done');
    expect(opinions.state.notice).toEqual({ kind: 'ok', text: '意見を提出しました（推進本部の承認待ち）' });
    expect(opinions.state.opinions).toHaveLength(1);
    expect(opinions.state.opinions[0]).toMatchObject({ measure: '5', state: 'submitted' });
    expect(opinions.state.draft.text).toBe('');
    expect(opinions.pending).toBe(1);
  });

  it('says the opinion was not recorded when the connection is lost, and keeps what was typed', async () => {
    await api.signIn(viewer);
    const opinions = await load(2028, false);
    opinions.editDraft({ text: '回線が切れても消えない意見' });
    const real = globalThis.fetch;
    globalThis.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    try {
      expect(await opinions.record()).toBe('failed');
    } finally {
      globalThis.fetch = real;
    }
    expect(opinions.state.notice).toEqual({ kind: 'error', text: '記録できませんでした' });
    expect(opinions.state.draft.text).toBe('回線が切れても消えない意見');
  });

  it('on a 412 shows the other correction beside the user’s, and lets the user take it or overwrite it', async () => {
    await api.signIn(hq);
    const mine = await load(2027, true);
    mine.editDraft({ text: '会議としての意見: 行革の進捗を毎年公表すること。' });
    expect(await mine.record()).toBe('done');
    const opinion = mine.state.opinions[0]!;
    mine.startEdit(opinion);
    await api.call(hq, 'PUT', `/api/fiscal-years/2027/opinions/${opinion.id}`, {
      body: { measure: null, speaker: '推進懇談会', date: opinion.date, text: '他の人が直した意見' },
      headers: { 'If-Match': '"1"' },
    });
    mine.editCorrection({ text: '自分が直した意見' });
    expect(await mine.saveEdit()).toBe('conflict');
    expect(mine.state.editing?.conflict?.current).toMatchObject({ version: 2, text: '他の人が直した意見' });
    expect(mine.state.editing?.draft.text).toBe('自分が直した意見');
    expect(await mine.overwrite()).toBe('done');
    expect((await api.call(hq, 'GET', `/api/fiscal-years/2027/opinions/${opinion.id}`)).body).toMatchObject({ version: 3, text: '自分が直した意見' });
  });
});

describe('which buttons an opinion offers', () => {
  const opinion = (actions?: string[]) => ({
    id: 'o1',
    fiscalYear: 2026,
    measure: null,
    speaker: '委員 山田',
    date: '2027-05-01',
    text: '意見',
    state: 'submitted',
    stateLabel: '承認待ち',
    version: 1,
    createdAt: '2027-05-01T10:00:00+09:00',
    createdBy: { sub: 'v', name: '委員 山田' },
    createdByRole: 'viewer',
    updatedAt: '2027-05-01T10:00:00+09:00',
    updatedBy: { sub: 'v', name: '委員 山田' },
    ...(actions ? { actions } : {}),
  });
  const listed = async (actions?: string[]) => {
    const real = globalThis.fetch;
    globalThis.fetch = answering({ '/api/fiscal-years/2026/opinions': { body: { opinions: [opinion(actions)] } } });
    try {
      const model = await load(2026, true);
      return model.buttons(model.state.opinions[0]!);
    } finally {
      globalThis.fetch = real;
    }
  };

  it('offers 直す and 承認する exactly when `actions` lists save and approve', async () => {
    expect(await listed(['save', 'approve'])).toEqual({ edit: true, approve: true });
    expect(await listed(['save'])).toEqual({ edit: true, approve: false });
  });

  it('offers nothing when the answer has no `actions`, even to the person who records for HQ', async () => {
    expect(await listed()).toEqual({ edit: false, approve: false });
  });
});

import * as z from '../../domain/zod.ts';
import { attachmentRequestSchema } from '../../domain/attachments/index.ts';
import { actionItemIdSchema, fiscalYearSchema, kpiActualYearSchema, kpiIdSchema } from '../../domain/progress-reports/schema.ts';
import { departmentCodeSchema } from '../../domain/catalogue/schema.ts';
import type { AttachmentFiles } from '../../service/attachments.ts';
import type { AttachmentRecord, ReportKind } from '../../store/records.ts';
import type { Attachment } from '../../contract/index.ts';
import { FILE_MEDIA_TYPES } from '../../contract/files.ts';
import { serviceContext } from '../../http/service-context.ts';
import { attachment } from '../../http/files.ts';
import { problems } from '../../http/problem.ts';
import type { Routes } from '../../http/route.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/deps.ts';
import { answer, fileAnswer } from '../../http/answer.ts';

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const attachmentsService = () => import('../../service/attachments.ts');

const TAG = '根拠資料';

/** The two kinds of report, as their routes name them (routes/reports.ts). */
const KINDS: { kind: ReportKind; segment: string; label: string; idSchema: z.ZodMiniType<string>; yearSchema: z.ZodMiniType<number, string> }[] = [
  { kind: 'action', segment: 'action-reports', label: '取組項目の報告', idSchema: actionItemIdSchema, yearSchema: fiscalYearSchema },
  { kind: 'kpi', segment: 'kpi-actuals', label: 'KPI実績', idSchema: kpiIdSchema, yearSchema: kpiActualYearSchema },
];

/** ?department=<課コード>: which department's part of a shared item (関係各課), as on the report's own routes. */
const partQuery = z.object({ department: z.optional(departmentCodeSchema) });
const attachmentIdSchema = z.string().check(z.regex(/^[0-9a-f-]{36}$/, '根拠資料のIDが正しくありません'));

const attachmentView = (record: AttachmentRecord): Attachment => ({
  id: record.id,
  name: record.name,
  type: record.type,
  size: record.size,
  addedAt: record.updatedAt,
  addedBy: record.createdBy,
});

/** Where the bytes are kept; a deployment without it cannot take files (503, never a 500). */
function filesOf(c: Context<AppEnv>): AttachmentFiles {
  const files = c.get('deps').attachmentFiles;
  if (!files) throw problems.serviceUnavailable('この環境では根拠資料を保存できません。管理者に連絡してください', 60);
  return files;
}

/**
 * 根拠資料 (issue 24): announce a file, PUT its bytes to the answered URL, complete it; list, download, remove.
 * Reading follows the report's own rule; adding and removing, who may save it, until it is approved.
 */
export function registerAttachmentRoutes(routes: Routes): void {
  for (const spec of KINDS) {
    const base = `/fiscal-years/:fy/${spec.segment}/:id/attachments`;
    const params = z.object({ fy: spec.yearSchema, id: spec.idSchema });
    const fileParams = z.object({ fy: spec.yearSchema, id: spec.idSchema, attId: attachmentIdSchema });
    const refOf = (fy: number, id: string, query: { department?: string | undefined }) => ({
      kind: spec.kind,
      fiscalYear: fy,
      subject: id,
      ...(query.department === undefined ? {} : { department: query.department }),
    });

    routes.add(
      { method: 'get', path: base, summary: `${spec.label}の根拠資料の一覧`, tag: TAG, params, query: partQuery, response: 'attachmentListSchema' },
      async (c, { params: { fy, id }, query }) => {
        const { records, canChange } = await (await attachmentsService()).listAttachments(serviceContext(c), refOf(fy, id, query));
        return answer(c, { attachments: records.map(attachmentView), canChange });
      },
    );

    routes.add(
      {
        method: 'post',
        path: base,
        summary: `${spec.label}に根拠資料を添付する（1）：ファイル名・種類・大きさを伝え、アップロード先を受け取る（PDF・画像・Word・Excel・PowerPoint、10MBまで、10件まで）`,
        tag: TAG,
        params,
        query: partQuery,
        body: attachmentRequestSchema,
        response: 'attachmentUploadSchema',
        status: 201,
      },
      async (c, { params: { fy, id }, query, body }) => {
        const { record, uploadUrl } = await (await attachmentsService()).announceAttachment(serviceContext(c), filesOf(c), refOf(fy, id, query), body);
        return answer(c, { id: record.id, uploadUrl }, { status: 201 });
      },
    );

    routes.add(
      {
        method: 'post',
        path: `${base}/:attId/complete`,
        summary: `${spec.label}に根拠資料を添付する（2）：届いたファイルの中身を確かめて一覧に載せる（申告と違う中身なら削除して断る）`,
        tag: TAG,
        params: fileParams,
        query: partQuery,
        response: 'attachmentSchema',
      },
      async (c, { params: { fy, id, attId }, query }) => {
        const record = await (await attachmentsService()).completeAttachment(serviceContext(c), filesOf(c), refOf(fy, id, query), attId);
        return answer(c, attachmentView(record));
      },
    );

    routes.add(
      {
        method: 'get',
        path: `${base}/:attId`,
        summary: `${spec.label}の根拠資料をダウンロードする（ファイルそのもの、または短時間だけ有効なURLへの303）`,
        tag: TAG,
        params: fileParams,
        query: partQuery,
        response: FILE_MEDIA_TYPES.attachment,
      },
      async (c, { params: { fy, id, attId }, query }) => {
        const { record, file } = await (await attachmentsService()).downloadAttachment(serviceContext(c), filesOf(c), refOf(fy, id, query), attId);
        const response =
          'url' in file
            ? new Response(null, { status: 303, headers: { location: file.url } })
            : new Response(file.bytes as Uint8Array<ArrayBuffer>, {
                headers: { 'content-type': record.type, 'content-disposition': attachment(record.name, 'attachment') },
              });
        return fileAnswer(FILE_MEDIA_TYPES.attachment, response);
      },
    );

    routes.add(
      {
        method: 'delete',
        path: `${base}/:attId`,
        summary: `${spec.label}の根拠資料を削除する（承認されるまで）`,
        tag: TAG,
        params: fileParams,
        query: partQuery,
        response: 'attachmentListSchema',
      },
      async (c, { params: { fy, id, attId }, query }) => {
        const service = await attachmentsService();
        const ctx = serviceContext(c);
        const ref = refOf(fy, id, query);
        await service.removeAttachment(ctx, filesOf(c), ref, attId);
        const { records, canChange } = await service.listAttachments(ctx, ref);
        return answer(c, { attachments: records.map(attachmentView), canChange });
      },
    );
  }
}

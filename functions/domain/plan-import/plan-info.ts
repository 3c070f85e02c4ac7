/**
 * The 「計画」 sheet of a new plan's workbook: one row per item (項目 | 内容 | 記入例), read by the plan import
 * (service/plan-import.ts completeNewPlan) and written by the template (plan-workbook/write.ts planTemplate),
 * so the two name the same items. The examples are of no real city.
 */
export const PLAN_INFO_SHEET = '計画';

export const PLAN_INFO_FIELDS = [
  { item: '計画ID', example: 'minami-2（英小文字・数字・ハイフン。変えないでください）' },
  { item: '計画名', example: '第2次南市行財政改革プラン' },
  { item: '市区町村', example: '南市' },
  { item: '都道府県', example: '山形県' },
  { item: '団体コード', example: '全国地方公共団体コード6桁（検査数字を含む）' },
  { item: '推進本部', example: '南市行財政改革推進本部' },
  { item: '事務局', example: '担当課のうち事務局の課名（例：企画課）' },
] as const;

export type PlanInfoItem = (typeof PLAN_INFO_FIELDS)[number]['item'];

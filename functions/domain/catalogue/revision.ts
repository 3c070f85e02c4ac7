import type { Catalogue } from './catalogue.ts';
import { isReference } from './schema.ts';
import type { ActionItem, Department, Group, Kpi, Measure } from './schema.ts';

/** What a change is about: the plan itself, a department, or an entry with a key. */
export type EntryKind = 'group' | 'measure' | 'actionItem' | 'kpi';

/**
 * One difference between two versions of a plan (中間見直し), by key:
 * - added 追加 / retired 廃止 / merged 統合 (into: the 統合先's key, which names this key in `mergedFrom`);
 * - renumbered 番号変更 (before/after: the numbers) / moved 移動 (before/after: the parent's key: a group's
 *   parent group, a measure's group, an action item's or KPI's measure);
 * - text 文言 (field: title, direction, footnotes, name, unit, note) / target 目標 (field: target or baseline)
 *   / schedule スケジュール (fiscalYear: the year whose cell changed; before/after: the cell's text, "" for none)
 *   / owners 担当課 / reference 参照先;
 * - plan-level: kind 'plan' (key: title, period, levels) and kind 'department' (key: the code; added, renamed, ended).
 * `number` and `title` name the entry as the new version does (as the old one did for retired and merged entries).
 */
export interface PlanChange {
  kind: EntryKind | 'plan' | 'department';
  key: string;
  change: 'added' | 'retired' | 'merged' | 'renumbered' | 'moved' | 'text' | 'target' | 'schedule' | 'owners' | 'reference' | 'renamed' | 'ended';
  number: string;
  title: string;
  field?: string;
  fiscalYear?: number;
  before?: unknown;
  after?: unknown;
  into?: string;
}

/** An entry of one version, flattened: what the difference compares. */
interface Entry {
  kind: EntryKind;
  key: string;
  number: string;
  title: string;
  parent: string | undefined;
  /** Fields compared as text (文言), by name. */
  text: Record<string, unknown>;
  mergedFrom: readonly string[];
  group?: Group;
  measure?: Measure;
  item?: ActionItem;
  kpi?: Kpi;
}

/** Every keyed entry of a plan (groups, measures, action items, KPIs) by key, in document order. */
export function entryKeys(catalogue: Catalogue): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const { group } of catalogue.groups) {
    entries.set(group.key, {
      kind: 'group',
      key: group.key,
      number: group.number,
      title: group.title,
      parent: group.parent,
      text: { title: group.title },
      mergedFrom: [],
      group,
    });
  }
  for (const { measure } of catalogue.measures) {
    entries.set(measure.key, {
      kind: 'measure',
      key: measure.key,
      number: measure.number,
      title: measure.title,
      parent: measure.group,
      text: { title: measure.title, direction: measure.direction, footnotes: measure.footnotes },
      mergedFrom: measure.mergedFrom ?? [],
      measure,
    });
    for (const item of measure.actionItems) {
      entries.set(item.key, {
        kind: 'actionItem',
        key: item.key,
        number: item.number,
        title: item.title,
        parent: measure.key,
        text: { title: item.title },
        mergedFrom: isReference(item) ? [] : (item.mergedFrom ?? []),
        item,
      });
    }
    for (const kpi of measure.kpis) {
      entries.set(kpi.key, {
        kind: 'kpi',
        key: kpi.key,
        number: kpi.number,
        title: kpi.name,
        parent: measure.key,
        text: { name: kpi.name, unit: kpi.unit, note: kpi.note ?? null },
        mergedFrom: kpi.mergedFrom ?? [],
        kpi,
      });
    }
  }
  return entries;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The cells of an action item's schedule by fiscal year ("" where nothing is listed). */
function cells(item: ActionItem | undefined): Map<number, string> {
  if (!item || isReference(item)) return new Map();
  return new Map(item.schedule.map((entry) => [entry.fiscalYear, entry.activity]));
}

function entryChanges(before: Entry, after: Entry): PlanChange[] {
  const name = { kind: after.kind, key: after.key, number: after.number, title: after.title };
  const changes: PlanChange[] = [];
  if (before.number !== after.number) changes.push({ ...name, change: 'renumbered', before: before.number, after: after.number });
  if (before.parent !== after.parent) changes.push({ ...name, change: 'moved', before: before.parent ?? null, after: after.parent ?? null });
  for (const field of Object.keys(after.text)) {
    if (!same(before.text[field], after.text[field])) changes.push({ ...name, change: 'text', field, before: before.text[field], after: after.text[field] });
  }
  if (before.kpi && after.kpi) {
    for (const field of ['baseline', 'target'] as const) {
      if (!same(before.kpi[field], after.kpi[field])) changes.push({ ...name, change: 'target', field, before: before.kpi[field], after: after.kpi[field] });
    }
  }
  if (before.measure && after.measure && !same(before.measure.owners, after.measure.owners)) {
    changes.push({ ...name, change: 'owners', before: before.measure.owners, after: after.measure.owners });
  }
  if (before.item && after.item) {
    const beforeReference = isReference(before.item) ? before.item.referenceTo : null;
    const afterReference = isReference(after.item) ? after.item.referenceTo : null;
    if (beforeReference !== afterReference) changes.push({ ...name, change: 'reference', before: beforeReference, after: afterReference });
    const [was, is] = [cells(before.item), cells(after.item)];
    const years = [...new Set([...was.keys(), ...is.keys()])].sort((a, b) => a - b);
    for (const fiscalYear of years) {
      const [old, now] = [was.get(fiscalYear) ?? '', is.get(fiscalYear) ?? ''];
      if (old !== now) changes.push({ ...name, change: 'schedule', fiscalYear, before: old, after: now });
    }
  }
  return changes;
}

function departmentChanges(before: readonly Department[], after: readonly Department[]): PlanChange[] {
  const old = new Map(before.map((department) => [department.code, department]));
  const changes: PlanChange[] = [];
  const name = (department: Department) => ({ kind: 'department' as const, key: department.code, number: '', title: department.name });
  for (const department of after) {
    const was = old.get(department.code);
    if (!was) changes.push({ ...name(department), change: 'added', after: { from: department.from ?? null } });
    else {
      if (was.name !== department.name) changes.push({ ...name(department), change: 'renamed', before: was.name, after: department.name });
      if (was.until !== department.until) {
        changes.push({
          ...name(department),
          change: 'ended',
          before: was.until ?? null,
          after: { until: department.until ?? null, successors: department.successors ?? [] },
        });
      }
    }
  }
  // A department left out of the new version ends with it: its history stays on the reports that name it.
  for (const department of before) {
    if (!after.some((d) => d.code === department.code)) changes.push({ ...name(department), change: 'ended', before: department.until ?? null, after: null });
  }
  return changes;
}

/**
 * What a revision changes, by key (keys never change; numbers may): plan-level changes first (title,
 * period, levels, departments), then every entry of `after` in document order with its changes, then the
 * entries of `before` that left: merged (統合) when an entry of `after` names them in `mergedFrom`,
 * otherwise retired (廃止). Pure: both plans are validated catalogues.
 */
export function planDifference(before: Catalogue, after: Catalogue): PlanChange[] {
  const [was, is] = [before.plan, after.plan];
  const planName = { kind: 'plan' as const, number: '', title: is.title };
  const changes: PlanChange[] = [];
  if (was.title !== is.title) changes.push({ ...planName, key: 'title', change: 'text', field: 'title', before: was.title, after: is.title });
  if (!same(was.period, is.period)) changes.push({ ...planName, key: 'period', change: 'text', field: 'period', before: was.period, after: is.period });
  if (!same(was.levels, is.levels)) {
    changes.push({ ...planName, key: 'levels', change: 'text', field: 'levels', before: was.levels.map((l) => l.name), after: is.levels.map((l) => l.name) });
  }
  changes.push(...departmentChanges(was.departments, is.departments));

  const [old, now] = [entryKeys(before), entryKeys(after)];
  const mergedInto = new Map<string, Entry>();
  for (const entry of now.values()) for (const key of entry.mergedFrom) mergedInto.set(key, entry);

  for (const entry of now.values()) {
    const earlier = old.get(entry.key);
    if (!earlier || earlier.kind !== entry.kind) changes.push({ kind: entry.kind, key: entry.key, change: 'added', number: entry.number, title: entry.title });
    else changes.push(...entryChanges(earlier, entry));
  }
  for (const entry of old.values()) {
    const later = now.get(entry.key);
    if (later && later.kind === entry.kind) continue;
    const into = mergedInto.get(entry.key);
    const name = { kind: entry.kind, key: entry.key, number: entry.number, title: entry.title };
    changes.push(into ? { ...name, change: 'merged', into: into.key, after: into.number } : { ...name, change: 'retired' });
  }
  return changes;
}

import type { Assignments, Catalogue } from '../domain/catalogue/catalogue.ts';
import type { ReportState } from '../domain/reports/workflow.ts';
import type { Actor } from '../domain/reports/workflow.ts';
import type { Principal } from './auth/principal.ts';

/** What one caller may see and change, decided per object. */
export class Access {
  constructor(
    readonly principal: Principal,
    private readonly catalogue: Catalogue,
    private readonly assignments: Assignments,
  ) {}

  /** Departments responsible for a measure: named owners plus HQ's assignments for 関係各課. */
  departmentsOf(measure: number): string[] {
    const entry = this.catalogue.measure(measure);
    return entry ? this.catalogue.responsibleDepartments(entry.measure, this.assignments) : [];
  }

  ownsMeasure(measure: number): boolean {
    return this.departmentsOf(measure).some((code) => this.principal.departments.includes(code));
  }

  /** Reports of a measure a department does not own are invisible to it (404, not 403: no leak). */
  canRead(measure: number, state: ReportState): boolean {
    switch (this.principal.role) {
      case 'hq':
        return true;
      case 'department':
        return this.ownsMeasure(measure);
      case 'viewer':
        return state === 'approved';
    }
  }

  canWrite(measure: number): boolean {
    return this.principal.role === 'hq' || (this.principal.role === 'department' && this.ownsMeasure(measure));
  }

  /** The workflow actor, or null for the advisory council's read-only viewers. */
  get actor(): Actor | null {
    return this.principal.role === 'viewer' ? null : this.principal.role;
  }

  visibleMeasures(): number[] {
    return this.catalogue.measures
      .map((entry) => entry.measure.number)
      .filter((number) => this.principal.role !== 'department' || this.ownsMeasure(number));
  }
}

/**
 * The pieces both report forms are made of: a labelled field with its hint and its error next to it, a
 * choice of radio buttons, a text area with a character counter. Each reads the form's `fields` and
 * `errors` and reports typing through `input` and leaving a field through `check`.
 */
import { normalizeText, textLength } from '../../../../functions/domain/text.ts';
import { FIELD_LABELS } from '../../labels.ts';
import { html, live, nothing } from '../../ui.ts';
import type { Template } from '../../ui.ts';
import { TEXT_LIMIT } from '../../models/report-fields.ts';
import type { Errors, Fields } from '../../models/report-fields.ts';

export interface FormBinding {
  fields: Fields;
  errors: Errors;
  /** The user typed or chose: keep the value (and re-check a field whose message is showing). */
  input(name: string, value: string): void;
  /** The user left a field: check it with the shared schema. */
  check(name: string): void;
}

const required = html`<span class="required">（必須）</span>`;
const invalid = (form: FormBinding, name: string) => (form.errors[name] ? 'true' : 'false');
const inputValue = (event: Event) => (event.target as HTMLInputElement | HTMLTextAreaElement).value;

export const fieldError = (form: FormBinding, name: string) =>
  html`<p id="e-${name}" class="field-error" ?hidden=${!form.errors[name]}>${form.errors[name] ?? ''}</p>`;

/**
 * Questions about a value that may still be right (a KPI actual far from the year before): shown under the
 * field like an error but in the warning's colour and words, and read out politely; saving stays possible.
 */
export const fieldWarnings = (name: string, warnings: readonly string[], title = '確認してください（このまま保存・提出もできます）') =>
  html`<div id="w-${name}" class=${warnings.length ? 'field-warning shown' : 'field-warning'} role="status">${
    warnings.length ? html`<p class="field-warning-title">${title}</p><ul>${warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` : nothing
  }</div>`;

/**
 * A text input (or date) with its label, hint, error and warnings; `after` sits beside the input (a unit),
 * `below` right under it (what was read from it).
 */
export function textField(
  form: FormBinding,
  name: string,
  options: {
    type?: string;
    hint?: Template | string;
    required?: boolean;
    after?: Template;
    below?: Template;
    inputmode?: string;
    className?: string;
    warnings?: readonly string[];
  } = {},
) {
  const warned = options.warnings !== undefined;
  return html`<div class="field">
    <label for="f-${name}">${FIELD_LABELS[name]}${options.required ? required : nothing}</label>
    ${options.hint ? html`<p id="h-${name}" class="hint">${options.hint}</p>` : nothing}
    <div class=${options.after ? 'with-unit' : 'plain'}>
      <input id="f-${name}" name=${name} type=${options.type ?? 'text'} class=${options.className ?? nothing} inputmode=${options.inputmode ?? nothing}
        autocomplete="off" aria-describedby="e-${name}${options.hint ? ` h-${name}` : ''}${warned ? ` w-${name}` : ''}" aria-required=${options.required ? 'true' : nothing}
        aria-invalid=${invalid(form, name)} .value=${live(form.fields[name] ?? '')}
        @input=${(event: Event) => form.input(name, inputValue(event))} @change=${() => form.check(name)} />
      ${options.after ?? nothing}
    </div>
    ${options.below ?? nothing}
    ${fieldError(form, name)}
    ${warned ? fieldWarnings(name, options.warnings!) : nothing}
  </div>`;
}

/** One required choice as radio buttons: [value, label, meaning?]. */
export function choiceField(form: FormBinding, name: string, options: [string, string, string?][]) {
  return html`<fieldset class="field choices">
    <legend>${FIELD_LABELS[name]}${required}</legend>
    ${options.map(
      ([value, label, meaning]) => html`<div class="radio">
      <input type="radio" name=${name} value=${value} id="f-${name}-${value}" aria-describedby="e-${name}" aria-invalid=${invalid(form, name)}
        .checked=${live(form.fields[name] === value)} @change=${() => {
          form.input(name, value);
          form.check(name);
        }} />
      <label for="f-${name}-${value}">${label}${meaning ? html`<span class="meaning">${meaning}</span>` : nothing}</label>
    </div>`,
    )}
    ${fieldError(form, name)}
  </fieldset>`;
}

/** One required choice as a select, with a first option that chooses nothing: [value, label]. */
export function selectField(form: FormBinding, name: string, options: [string, string][], hint?: string) {
  return html`<div class="field">
    <label for="f-${name}">${FIELD_LABELS[name]}${required}</label>
    ${hint ? html`<p id="h-${name}" class="hint">${hint}</p>` : nothing}
    <select id="f-${name}" name=${name} aria-describedby="e-${name}${hint ? ` h-${name}` : ''}" aria-required="true" aria-invalid=${invalid(form, name)}
      @change=${(event: Event) => {
        form.input(name, (event.target as HTMLSelectElement).value);
        form.check(name);
      }}>
      <option value="" ?selected=${!form.fields[name]}>選んでください</option>
      ${options.map(([value, label]) => html`<option value=${value} ?selected=${form.fields[name] === value}>${label}</option>`)}
    </select>
    ${fieldError(form, name)}
  </div>`;
}

const count = (n: number) => n.toLocaleString('ja-JP');

/** A long text with how much of its limit is used, counted as the user types. */
export function textArea(form: FormBinding, name: string, isRequired = false) {
  // Counted as the API counts (NFC, code points): 𠮷 is one character, and text typed on a Mac (NFD) does not count double.
  const length = textLength(normalizeText(form.fields[name] ?? ''));
  return html`<div class="field">
    <label for="f-${name}">${FIELD_LABELS[name]}${isRequired ? required : nothing}</label>
    <p id="h-${name}" class="hint">${count(TEXT_LIMIT)}文字以内（<span class="counter">${count(length)} ／ ${count(TEXT_LIMIT)}文字</span>）</p>
    <textarea id="f-${name}" name=${name} rows="6" aria-describedby="e-${name} h-${name}" aria-required=${isRequired ? 'true' : nothing}
      aria-invalid=${invalid(form, name)} .value=${live(form.fields[name] ?? '')}
      @input=${(event: Event) => form.input(name, inputValue(event))} @change=${() => form.check(name)}></textarea>
    ${fieldError(form, name)}
  </div>`;
}

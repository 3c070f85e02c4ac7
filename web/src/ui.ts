/**
 * How every screen draws itself. lit-html templates escape what they interpolate and `render()` updates
 * the page in place (the focused field and the caret stay where they are), so a screen simply draws its
 * whole state again after each change.
 *
 * One way of holding state: a screen keeps everything it shows in one object and changes it only through
 * `set`, which draws the screen again. One way of wiring events: `@click=${…}` in the template.
 */
import { html, nothing, render, svg } from 'lit-html';
import type { TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';

export { html, live, nothing, svg };
export type { TemplateResult };
export type Template = TemplateResult | typeof nothing;

const main = () => document.getElementById('main')!;

/** Counts navigations, so a screen left behind (a slow request finishing late) never draws over the next one. */
let generation = 0;

export interface Screen<S> {
  /** Changes the state and draws the screen again (ignored once the user has moved to another screen). */
  set(patch: Partial<S>): void;
  readonly state: S;
  /** Whether this screen is still the one showing. */
  current(): boolean;
}

/**
 * Shows a screen: draws `view(state)` into the main area, moves focus to its heading (so screen readers hear
 * the new page) and names the tab after it. Later `set` calls draw in place and leave focus alone.
 */
export function mount<S extends object>(state: S, view: (screen: Screen<S>) => TemplateResult): Screen<S> {
  const mine = ++generation;
  const screen: Screen<S> = {
    state,
    current: () => mine === generation,
    set(patch) {
      if (mine !== generation) return;
      Object.assign(state, patch);
      render(view(screen), main());
    },
  };
  render(view(screen), main());
  const heading = main().querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
    document.title = `${heading.textContent?.trim()}｜Shinchoku（進捗）`;
  }
  return screen;
}

/** A screen with nothing to change after it is drawn (a message, a read-only document). */
export function show(template: TemplateResult): void {
  mount({}, () => template);
}

/** Draws the navigation bar (outside the main area, so it survives screen changes). */
export function showNavigation(template: Template): void {
  render(template, document.getElementById('nav')!);
}

export function announce(message: string): void {
  const region = document.getElementById('live');
  if (region) region.textContent = message;
}

/** Moves focus after the next paint: to a field with an error, or to a message that just appeared. */
export function focusLater(selector: string): void {
  queueMicrotask(() => {
    const target = main().querySelector<HTMLElement>(selector);
    if (!target) return;
    if (!target.matches('input, textarea, select, button, a[href]')) target.setAttribute('tabindex', '-1');
    target.focus();
  });
}

/** A state or rating shown as a word and a shape as well as a colour. */
export const badge = (text: string, kind: string) => html`<span class="badge badge-${kind}">${text}</span>`;

/**
 * A wide table's horizontal scroller for narrow screens: a named region that takes keyboard focus,
 * so it can be scrolled with the arrow keys as well as by touch.
 */
export const scroller = (label: string, child: TemplateResult) => html`<div class="scroll" role="region" aria-label=${label} tabindex="0">${child}</div>`;

/**
 * Asks before an action that cannot be taken back (提出, 承認, sending the digest), in a modal `<dialog>`:
 * focus moves into it, Escape cancels, and focus returns to the button that asked.
 */
export function confirmAction(question: string, detail: string, yes: string): Promise<boolean> {
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  const back = document.activeElement as HTMLElement | null;
  return new Promise((resolve) => {
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      back?.focus();
      resolve(answer);
    };
    render(
      html`<h2 id="confirm-title">${question}</h2>
        <p>${detail}</p>
        <div class="actions">
          <button type="button" class="primary" @click=${() => close(true)}>${yes}</button>
          <button type="button" @click=${() => close(false)}>やめる</button>
        </div>`,
      dialog,
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('button.primary')!.focus();
  });
}

/**
 * The button the person last pressed, or whose form they submitted (Enter in a field submits through the
 * form's first button): the control a write belongs to. Tracked once on the document, so every button of
 * every screen is covered without wiring each one; Safari does not focus a clicked button, so focus alone
 * would not tell.
 */
let pressed: HTMLButtonElement | null = null;

/** Ignores an event aimed at a busy control (its first request is still on the way), before the screen's own handler runs. */
function refuseWhileBusy(event: Event, control: Element | null | undefined): boolean {
  if (control?.getAttribute('aria-busy') !== 'true') return false;
  event.preventDefault();
  event.stopImmediatePropagation();
  return true;
}

if (typeof document !== 'undefined') {
  // Capture phase: these run before the handlers lit-html puts on the buttons and forms.
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('button') ?? null;
      if (!refuseWhileBusy(event, button)) pressed = button;
    },
    true,
  );
  document.addEventListener(
    'submit',
    (event) => {
      const submitter = (event as SubmitEvent).submitter;
      if (!refuseWhileBusy(event, submitter)) pressed = submitter instanceof HTMLButtonElement ? submitter : pressed;
    },
    true,
  );
}

/** The writes each control is waiting for (提出 saves and then submits), and its aria-disabled before the first. */
const busy = new WeakMap<HTMLButtonElement, { writes: number; ariaDisabled: string | null }>();

/**
 * Runs a write with the control that asked for it marked busy until the answer is in: aria-disabled and
 * aria-busy, and clicks and form submits on it ignored (refuseWhileBusy), so a double click or a second
 * Enter sends nothing twice (issue 18: two 「記録する」 made two opinions, two 「下書き保存」 a false
 * conflict). aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
 * The control is the last pressed button, or the focused one when that is gone (a confirmation dialog
 * closed and gave focus back). api.ts calls this for every write, so no screen has to.
 */
export async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  // Without a page (the models' tests run in Node) there is no control to mark.
  if (typeof document === 'undefined') return work();
  const focused = document.activeElement;
  const control = pressed?.isConnected ? pressed : focused instanceof HTMLButtonElement ? focused : null;
  if (!control) return work();
  const state = busy.get(control) ?? { writes: 0, ariaDisabled: control.getAttribute('aria-disabled') };
  state.writes += 1;
  busy.set(control, state);
  control.setAttribute('aria-busy', 'true');
  control.setAttribute('aria-disabled', 'true');
  try {
    return await work();
  } finally {
    state.writes -= 1;
    if (state.writes === 0) {
      busy.delete(control);
      control.removeAttribute('aria-busy');
      if (state.ariaDisabled === null) control.removeAttribute('aria-disabled');
      else control.setAttribute('aria-disabled', state.ariaDisabled);
    }
  }
}

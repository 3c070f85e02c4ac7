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
export const scroller = (label: string, child: TemplateResult) =>
  html`<div class="scroll" role="region" aria-label=${label} tabindex="0">${child}</div>`;

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

/**
 * Tab entry point. In Teams: SSO, the user's language and the Teams theme. Outside Teams: local mode
 * (visible banner, dev sign-in picker) when the server offers it, otherwise a pointer to Teams.
 * Tokens live only in memory (a closure variable), never in localStorage, sessionStorage or cookies.
 */
import { isLang, langFromLocale, LANGS, type Lang } from '../../bot/i18n/index.js';
import { ApiError, createApi, devSignIn, fetchDevUsers, type DevUser, type TokenProvider } from './api.js';
import { announce, append, clear, h, hideAnnouncement } from './dom.js';
import './fluent.js';
import { connectTeams, normalizeTheme, type Theme } from './host.js';
import { roleLabel, ui } from './i18n.js';
import type { Me, ViewContext } from './context.js';
import { navLinks, navSection } from './nav-links.js';
import { DATE_INPUT_LOCALES, stampDateInputs } from './date-inputs.js';
import { renderOverview } from './views/overview.js';
import { renderInstitution } from './views/institution.js';
import { renderAdmin } from './views/admin.js';
import { renderFeedbackList } from './views/feedback-list.js';
import { renderFeedbackItem } from './views/feedback-item.js';
import { renderFeedbackNew } from './views/feedback-new.js';
import { renderGaps } from './views/gaps.js';
import { renderAnnouncement, renderAnnouncementReport, renderAnnouncements } from './views/announcements.js';
import { renderAnnouncementEdit } from './views/announcement-edit.js';
import { capabilitiesOf } from './capabilities.js';
import { takeFlash } from './flash.js';
import { hashForSubPage } from './deep-link.js';
import { interactiveSignIn, signInText, trySilentSignIn, type AuthHost } from './sign-in.js';
import { actionButton, dropdown, selectedValue } from './controls.js';
import type { Dropdown } from '@fluentui/web-components';

const THEMES: Theme[] = ['default', 'dark', 'contrast'];

const state: { lang: Lang; theme: Theme; local: boolean; token: TokenProvider | null; me: Me | null } = {
  lang: 'fi',
  theme: 'default',
  local: false,
  token: null,
  me: null,
};

function applyTheme(theme: Theme): void {
  state.theme = theme;
  document.body.dataset.theme = theme;
}

function applyLang(lang: Lang): void {
  state.lang = lang;
  document.documentElement.lang = DATE_INPUT_LOCALES[lang];
  document.title = ui(lang).appTitle;
  stampDateInputs(document, lang);
  const skip = document.getElementById('skip-link');
  if (skip) skip.textContent = ui(lang).skipToContent;
}

let dateInputWatch: MutationObserver | null = null;

function mainElement(): HTMLElement {
  const main = document.getElementById('main');
  if (!main) throw new Error('main element missing');
  // Views render (and re-render parts) on their own; every date input they add gets the UI language.
  if (!dateInputWatch && typeof MutationObserver !== 'undefined') {
    dateInputWatch = new MutationObserver(() => stampDateInputs(main, state.lang));
    dateInputWatch.observe(main, { childList: true, subtree: true });
  }
  return main;
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  applyTheme(params.has('theme') ? normalizeTheme(params.get('theme')) : prefersDark ? 'dark' : 'default');
  applyLang(isLang(params.get('lang')) ? (params.get('lang') as Lang) : langFromLocale(navigator.language));
  showMessage(ui(state.lang).loading);

  const teams = await connectTeams();
  if (teams) {
    applyLang(langFromLocale(teams.locale));
    applyTheme(teams.theme);
    teams.onThemeChange(applyTheme);
    state.token = teams.getToken;
    // A deep link from a card names the page to open (subPageId); later links arrive on resume.
    const linked = hashForSubPage(teams.subPageId);
    if (linked) history.replaceState(null, '', linked);
    teams.onDeepLink((subPageId) => {
      const hash = hashForSubPage(subPageId);
      if (hash && hash !== location.hash) location.hash = hash;
    });
    // Teams SSO first; when it fails (consent, interaction, guest, expired) a "Kirjaudu" button recovers.
    const auth: AuthHost = { getAuthToken: teams.getToken, authenticate: teams.authenticate };
    const silent = await trySilentSignIn(auth, state.lang);
    if (silent.ok) await enterApp();
    else renderSignInNeeded(auth, silent.message);
    return;
  }

  const devUsers = await fetchDevUsers();
  if (!devUsers) {
    showMessage(ui(state.lang).openInTeams);
    return;
  }
  state.local = true;
  renderBanner();
  renderSignIn(devUsers);
}

/** The sign-in recovery panel: what happened, and the button that opens Teams' sign-in popup. */
function renderSignInNeeded(host: AuthHost, message: string): void {
  const t = signInText[state.lang];
  const main = mainElement();
  clear(main);
  const text = h('p', { class: 'message', id: 'sign-in-message', role: 'alert' }, message);
  const button = actionButton(
    'primary',
    {
      type: 'button',
      id: 'sign-in-button',
      onclick: async () => {
        button.setAttribute('disabled', '');
        text.textContent = t.working;
        const result = await interactiveSignIn(host, location.origin, state.lang);
        if (result.ok) {
          await enterApp();
          return;
        }
        button.removeAttribute('disabled');
        text.textContent = result.message;
        button.focus();
      },
    },
    t.button,
  );
  main.append(text, button);
  button.focus({ preventScroll: true });
}

function showMessage(text: string): void {
  const main = mainElement();
  clear(main);
  main.appendChild(h('p', { class: 'message' }, text));
}

/** The always-visible local-mode banner: who is signed in, switch user, theme and language. */
function renderBanner(): void {
  const banner = document.getElementById('local-banner');
  if (!banner || !state.local) return;
  const t = ui(state.lang);
  clear(banner);
  banner.hidden = false;
  banner.setAttribute('aria-label', t.localModeRegion);
  const themeSelect: Dropdown = dropdown(
    { id: 'theme-select', onchange: () => applyTheme(normalizeTheme(selectedValue(themeSelect))) },
    THEMES.map((theme) => ({ value: theme, label: t[`theme_${theme}`] })),
    state.theme,
    { labelledBy: 'theme-select-label' },
  );
  const langSelect: Dropdown = dropdown(
    {
      id: 'lang-select',
      onchange: () => {
        const value = selectedValue(langSelect);
        if (!isLang(value)) return;
        applyLang(value);
        renderBanner();
        if (state.me) {
          renderNav();
          void route();
        } else {
          void fetchDevUsers().then((users) => renderSignIn(users ?? []));
        }
      },
    },
    LANGS.map((lang) => ({ value: lang, label: lang.toUpperCase() })),
    state.lang,
    { labelledBy: 'lang-select-label' },
  );
  append(banner, [
    h('strong', { class: 'banner-title' }, t.localBanner),
    state.me ? h('span', { class: 'banner-user' }, t.signedInAs(state.me.displayName, roleLabel(state.lang, state.me.role))) : null,
    h(
      'span',
      { class: 'banner-controls' },
      state.me
        ? actionButton(
            'secondary',
            {
              type: 'button',
              onclick: () => {
                state.me = null;
                state.token = null;
                renderBanner();
                renderNav();
                void fetchDevUsers().then((users) => renderSignIn(users ?? []));
              },
            },
            t.switchUser,
          )
        : null,
      h('label', { for: 'theme-select', id: 'theme-select-label' }, t.themeLabel),
      themeSelect,
      h('label', { for: 'lang-select', id: 'lang-select-label' }, t.languageLabel),
      langSelect,
    ),
  ]);
}

function renderSignIn(users: DevUser[]): void {
  const t = ui(state.lang);
  const main = mainElement();
  clear(main);
  const heading = h('h1', { tabindex: '-1' }, t.signInTitle);
  main.append(
    heading,
    h('p', {}, t.signInIntro),
    users.length
      ? h(
          'ul',
          { class: 'user-picker' },
          ...users.map((user) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'user-choice',
                  'data-object-id': user.objectId,
                  onclick: async () => {
                    try {
                      // The dev token stays in this closure only.
                      const token = await devSignIn(user);
                      state.token = async () => token;
                      await enterApp();
                    } catch {
                      announce(t.signInFailed, 'error');
                    }
                  },
                },
                h('span', { class: 'user-name' }, user.displayName || user.objectId),
                h('span', { class: 'user-role' }, roleLabel(state.lang, user.role)),
              ),
            ),
          ),
        )
      : h('p', {}, t.noDevUsers),
  );
  heading.focus({ preventScroll: true });
}

function api() {
  const provider = state.token;
  if (!provider) throw new Error('not signed in');
  return createApi(provider, () => state.lang);
}

async function enterApp(): Promise<void> {
  try {
    state.me = await api().get<Me>('/me');
  } catch {
    showMessage(ui(state.lang).signInFailed);
    return;
  }
  renderBanner();
  renderNav();
  if (location.hash === '' || location.hash === '#') history.replaceState(null, '', '#/');
  await route();
}

function renderNav(): void {
  const nav = document.getElementById('nav');
  if (!nav) return;
  clear(nav);
  nav.setAttribute('aria-label', ui(state.lang).navLabel);
  if (!state.me) return;
  const t = ui(state.lang);
  const caps = capabilitiesOf(state.me);
  const current = navSection(location.hash, state.me);
  const links = navLinks(state.me, caps, state.lang);
  nav.append(
    h('span', { class: 'app-name' }, t.appTitle, h('span', { class: 'app-sub' }, t.appSubtitle)),
    h(
      'ul',
      {},
      ...links.map(({ key, href, label }) =>
        h('li', {}, h('a', { href, 'data-nav': key, 'aria-current': current === key ? 'page' : null }, label)),
      ),
    ),
  );
}

async function route(): Promise<void> {
  if (!state.me || !state.token) return;
  hideAnnouncement();
  const main = mainElement();
  const caps = capabilitiesOf(state.me);
  const ctx: ViewContext = { api: api(), lang: state.lang, me: state.me, caps, navigate: (hash) => (location.hash = hash) };
  const hash = location.hash.replace(/^#/, '') || '/';
  const institution = /^\/institution\/([^/]+)$/.exec(hash);
  const feedbackItem = /^\/feedback\/([^/]+)$/.exec(hash);
  const announcement = /^\/announcements\/([^/]+)(?:\/(edit|report))?$/.exec(hash);
  try {
    if (institution) await renderInstitution(ctx, main, decodeURIComponent(institution[1]!));
    else if (hash === '/admin' && caps.manageUsers) await renderAdmin(ctx, main);
    else if (hash === '/feedback') await renderFeedbackList(ctx, main);
    else if (hash === '/feedback/new') await renderFeedbackNew(ctx, main);
    else if (feedbackItem) await renderFeedbackItem(ctx, main, decodeURIComponent(feedbackItem[1]!));
    else if (hash === '/gaps' && caps.viewKnowledgeGaps) await renderGaps(ctx, main);
    else if (hash === '/announcements' && caps.announce) await renderAnnouncements(ctx, main);
    else if (hash === '/announcements/new' && caps.announce) await renderAnnouncementEdit(ctx, main, null);
    else if (announcement && caps.announce) {
      const id = decodeURIComponent(announcement[1]!);
      if (announcement[2] === 'edit') await renderAnnouncementEdit(ctx, main, id);
      else if (announcement[2] === 'report') await renderAnnouncementReport(ctx, main, id);
      else await renderAnnouncement(ctx, main, id);
    } else await renderOverview(ctx, main);
    // A message from the page that sent us here ("sent", "saved" …), shown once this page is in place.
    const flash = takeFlash();
    if (flash) announce(flash.message, flash.kind);
  } catch (error) {
    takeFlash();
    // Server messages are already localised and never echo input; anything else gets the generic text.
    showMessage(error instanceof ApiError && error.message ? error.message : ui(state.lang).errorGeneric);
  }
}

window.addEventListener('hashchange', () => {
  renderNav();
  void route();
});

void start();

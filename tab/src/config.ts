/**
 * Configuration page of the channel tab: nothing to choose, so it is valid at once; saving points the
 * tab at /tab/ on this same host.
 */
import { pages } from '@microsoft/teams-js';
import { defineCatalog, langFromLocale, type Lang } from '../../bot/i18n/index.js';
import { connectTeams } from './host.js';

const text = defineCatalog(
  {
    title: 'Liittymisen tilanne',
    body: 'Välilehti näyttää korkeakoulujen etenemisen Oppijanumeropalveluun liittymisen seitsemässä vaiheessa. Valitse Tallenna lisätäksesi sen kanavalle.',
    outside: 'Tämä sivu avataan Microsoft Teamsissa, kun välilehteä lisätään kanavalle.',
  },
  {
    title: 'Anslutningsläge',
    body: 'Fliken visar hur högskolorna framskrider i de sju stegen för anslutning till studentnummertjänsten. Välj Spara för att lägga till den i kanalen.',
    outside: 'Den här sidan öppnas i Microsoft Teams när fliken läggs till i en kanal.',
  },
  {
    title: 'Onboarding status',
    body: "The tab shows the institutions' progress through the seven steps of joining the learner number service. Choose Save to add it to the channel.",
    outside: 'This page opens in Microsoft Teams when the tab is added to a channel.',
  },
);

function render(lang: Lang, inTeams: boolean): void {
  document.documentElement.lang = lang;
  const t = text[lang];
  const title = document.getElementById('config-title');
  const body = document.getElementById('config-body');
  if (title) title.textContent = t.title;
  if (body) body.textContent = inTeams ? t.body : t.outside;
}

async function start(): Promise<void> {
  const teams = await connectTeams();
  if (!teams) {
    render(langFromLocale(navigator.language), false);
    return;
  }
  const lang = langFromLocale(teams.locale);
  document.body.dataset.theme = teams.theme;
  teams.onThemeChange((theme) => (document.body.dataset.theme = theme));
  render(lang, true);
  const base = `${location.origin}/tab/`;
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config
      .setConfig({ contentUrl: base, websiteUrl: base, entityId: 'onboarding-status', suggestedDisplayName: text[lang].title })
      .then(() => saveEvent.notifySuccess())
      .catch((error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : 'setConfig failed'));
  });
  pages.config.setValidityState(true);
}

void start();

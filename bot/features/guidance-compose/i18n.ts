import { defineCatalog } from '../../i18n/index.js';

/** Texts of the compose-box search and of unfurled guidance links. */
export const composeText = defineCatalog(
  {
    readMore: (title: string) => `Lue lisää: ${title}`,
    openPage: 'Avaa ohjesivu',
    source: 'Oppijanumeropalvelun ohje',
    pageCardSubtitle: 'Oppijanumeropalvelun ohjesivu',
    noSummary: 'Tästä sivusta ei ole vielä tiivistelmää botin tietopankissa. Avaa sivu lukeaksesi ohjeen.',
    articleGone: 'Ohjetta ei enää löydy tietopankista. Hae uudelleen.',
  },
  {
    readMore: (title: string) => `Läs mer: ${title}`,
    openPage: 'Öppna anvisningssidan',
    source: 'Anvisning för studentnummertjänsten',
    pageCardSubtitle: 'Anvisningssida för studentnummertjänsten',
    noSummary: 'Botens kunskapsbank har ännu ingen sammanfattning av sidan. Öppna sidan för att läsa anvisningen.',
    articleGone: 'Anvisningen finns inte längre i kunskapsbanken. Sök igen.',
  },
  {
    readMore: (title: string) => `Read more: ${title}`,
    openPage: 'Open the guidance page',
    source: 'Learner number service guidance',
    pageCardSubtitle: 'Learner number service guidance page',
    noSummary: "The bot's knowledge base has no summary of this page yet. Open the page to read the guidance.",
    articleGone: 'This guidance is no longer in the knowledge base. Please search again.',
  },
);

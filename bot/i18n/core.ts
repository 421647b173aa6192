import { defineCatalog, type Lang } from './index.js';
import type { ErrorCode } from '../errors.js';

export const coreText = defineCatalog(
  {
    welcomeTitle: 'Tervetuloa Oppijanumeropalvelun kanavalle',
    welcomeBody:
      'Olen Opetushallituksen Oppijanumeropalvelun avustaja. Sait tämän viestin, koska minut lisättiin tähän keskusteluun. Kysy minulta palveluun liittymisestä ja käytöstä tai anna palautetta. Kanavalla @mainitse minut.',
    helpTitle: 'Näin voin auttaa',
    helpIntro: 'Kirjoita kysymyksesi omin sanoin suomeksi, ruotsiksi tai englanniksi, tai valitse alta.',
    helpAsk: 'Kysy ohjeista: kirjoita kysymys, esim. "Miten saan testitunnukset?"',
    helpLookup: 'Testihaku: kokeile yleistunniste-rajapintaa testiympäristössä (testihaku)',
    helpFeedback: 'Palaute ja kehitysehdotukset (palaute, kehitysehdotus, ehdotukset)',
    helpStatus: 'Liittymisen tilanne: organisaatiosi vaiheet (tilanne)',
    helpAnnouncements: 'Tiedotteet: OPH kertoo tulevista muutoksista täällä',
    helpAdmin: 'Ylläpito: tiedote, aukot, päivitä tietopankki',
    buttonAsk: 'Kysy ohjeista',
    buttonLookup: 'Testihaku',
    buttonFeedback: 'Anna palautetta',
    buttonProposals: 'Kehitysehdotukset',
    buttonStatus: 'Liittymisen tilanne',
    buttonTab: 'Avaa tilannenäkymä',
    askPrompt:
      'Kirjoita kysymyksesi viestinä – vastaan ja kerron lähteen. Esimerkiksi: "Miten saan testitunnukset?" tai "Mikä on yleistunniste?"',
    apology: 'Pahoittelut, jokin meni vikaan. Yritä hetken päästä uudelleen.',
    forbidden: 'Sinulla ei ole oikeutta tähän toimintoon.',
    privateReplySent: 'Lähetin vastauksen sinulle henkilökohtaiseen keskusteluun.',
    privateReplyUnavailable: 'Vastausta ei voi näyttää tässä keskustelussa. Päivitä Teams tai aloita henkilökohtainen keskustelu kanssani.',
  },
  {
    welcomeTitle: 'Välkommen till studentnummertjänstens kanal',
    welcomeBody:
      'Jag är assistenten för Utbildningsstyrelsens studentnummertjänst. Du fick det här meddelandet eftersom jag lades till i konversationen. Fråga mig om anslutning till och användning av tjänsten eller ge respons. I kanalen: @nämn mig.',
    helpTitle: 'Så här kan jag hjälpa',
    helpIntro: 'Skriv din fråga med egna ord på finska, svenska eller engelska, eller välj nedan.',
    helpAsk: 'Fråga om anvisningarna: skriv en fråga, t.ex. "Hur får jag testkoder?"',
    helpLookup: 'Testsökning: prova gränssnittet för allmän identifierare i testmiljön (testsökning)',
    helpFeedback: 'Respons och utvecklingsförslag (respons, förslag)',
    helpStatus: 'Anslutningsläge: din organisations steg (status)',
    helpAnnouncements: 'Meddelanden: Utbildningsstyrelsen berättar om kommande ändringar här',
    helpAdmin: 'Administration: tiedote, aukot, päivitä tietopankki',
    buttonAsk: 'Fråga om anvisningarna',
    buttonLookup: 'Testsökning',
    buttonFeedback: 'Ge respons',
    buttonProposals: 'Utvecklingsförslag',
    buttonStatus: 'Anslutningsläge',
    buttonTab: 'Öppna lägesvyn',
    askPrompt:
      'Skriv din fråga som ett meddelande – jag svarar och anger källan. Till exempel: "Hur får jag testkoder?" eller "Vad är allmän identifierare?"',
    apology: 'Tyvärr gick något fel. Försök igen om en stund.',
    forbidden: 'Du har inte behörighet till den här funktionen.',
    privateReplySent: 'Jag skickade svaret till dig i en personlig chatt.',
    privateReplyUnavailable: 'Svaret kan inte visas i den här konversationen. Uppdatera Teams eller starta en personlig chatt med mig.',
  },
  {
    welcomeTitle: 'Welcome to the learner number service channel',
    welcomeBody:
      "I am the assistant of the Finnish National Agency for Education's learner number service. You got this message because I was added to this conversation. Ask me about joining and using the service or give feedback. In a channel, @mention me.",
    helpTitle: 'How I can help',
    helpIntro: 'Type your question in your own words in Finnish, Swedish or English, or choose below.',
    helpAsk: 'Ask about the guidance: type a question, e.g. "How do I get test credentials?"',
    helpLookup: 'Test look-up: try the yleistunniste interface in the test environment (test lookup)',
    helpFeedback: 'Feedback and development proposals (feedback, proposal, proposals)',
    helpStatus: "Onboarding status: your organisation's steps (status)",
    helpAnnouncements: 'Announcements: OPH tells about upcoming changes here',
    helpAdmin: 'Administration: tiedote, aukot, päivitä tietopankki',
    buttonAsk: 'Ask about the guidance',
    buttonLookup: 'Test look-up',
    buttonFeedback: 'Give feedback',
    buttonProposals: 'Development proposals',
    buttonStatus: 'Onboarding status',
    buttonTab: 'Open the status view',
    askPrompt:
      'Type your question as a message – I will answer and cite the source. For example: "How do I get test credentials?" or "What is yleistunniste?"',
    apology: 'Sorry, something went wrong. Please try again in a moment.',
    forbidden: 'You do not have permission for this action.',
    privateReplySent: 'I sent the answer to you in a personal chat.',
    privateReplyUnavailable: 'The answer cannot be shown in this conversation. Update Teams or start a personal chat with me.',
  },
);

const errorText: Record<Lang, Record<ErrorCode, string>> = {
  fi: {
    INTERNAL: 'Pahoittelut, jokin meni vikaan. Yritä hetken päästä uudelleen.',
    VALIDATION: 'Tarkista tiedot: jokin kenttä puuttuu tai on väärässä muodossa.',
    FORBIDDEN: 'Sinulla ei ole oikeutta tähän toimintoon.',
    NOT_FOUND: 'Kohdetta ei löytynyt. Se on ehkä poistettu.',
    CONFLICT: 'Tieto on muuttunut sillä välin. Päivitä ja yritä uudelleen.',
    RATE_LIMITED: 'Liian monta pyyntöä lyhyessä ajassa. Odota hetki ja yritä uudelleen.',
    CARD_TOO_LARGE: 'Sisältö on liian pitkä näytettäväksi Teamsissa. Lyhennä tekstiä.',
    UNAUTHENTICATED: 'Kirjautuminen ei onnistunut. Avaa näkymä uudelleen Teamsissa.',
    DEPENDENCY_DOWN: 'Taustapalvelu ei juuri nyt vastaa. Yritä myöhemmin uudelleen.',
    DEPENDENCY_TIMEOUT: 'Taustapalvelu ei vastannut ajoissa. Yritä myöhemmin uudelleen.',
  },
  sv: {
    INTERNAL: 'Tyvärr gick något fel. Försök igen om en stund.',
    VALIDATION: 'Kontrollera uppgifterna: något fält saknas eller har fel format.',
    FORBIDDEN: 'Du har inte behörighet till den här funktionen.',
    NOT_FOUND: 'Objektet hittades inte. Det kan ha tagits bort.',
    CONFLICT: 'Uppgiften har ändrats under tiden. Uppdatera och försök igen.',
    RATE_LIMITED: 'För många förfrågningar på kort tid. Vänta en stund och försök igen.',
    CARD_TOO_LARGE: 'Innehållet är för långt för att visas i Teams. Korta ner texten.',
    UNAUTHENTICATED: 'Inloggningen misslyckades. Öppna vyn på nytt i Teams.',
    DEPENDENCY_DOWN: 'En bakomliggande tjänst svarar inte just nu. Försök igen senare.',
    DEPENDENCY_TIMEOUT: 'En bakomliggande tjänst svarade inte i tid. Försök igen senare.',
  },
  en: {
    INTERNAL: 'Sorry, something went wrong. Please try again in a moment.',
    VALIDATION: 'Please check the details: a field is missing or in the wrong format.',
    FORBIDDEN: 'You do not have permission for this action.',
    NOT_FOUND: 'Not found. It may have been removed.',
    CONFLICT: 'This changed in the meantime. Refresh and try again.',
    RATE_LIMITED: 'Too many requests in a short time. Please wait a moment and try again.',
    CARD_TOO_LARGE: 'The content is too long to show in Teams. Please shorten it.',
    UNAUTHENTICATED: 'Sign-in failed. Open the view again in Teams.',
    DEPENDENCY_DOWN: 'A back-end service is not responding right now. Please try again later.',
    DEPENDENCY_TIMEOUT: 'A back-end service did not answer in time. Please try again later.',
  },
};

/** The one place an error code becomes a sentence a user reads. */
export function errorMessage(code: ErrorCode, lang: Lang): string {
  return errorText[lang][code];
}

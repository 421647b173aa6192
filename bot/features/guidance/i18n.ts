import { defineCatalog } from '../../i18n/index.js';
import { countOf } from '../../i18n/plural.js';

/** OPH's customer service for the shared services; every "I don't know" names it. */
export const CUSTOMER_SERVICE_EMAIL = 'yhteisetpalvelut@opintopolku.fi';

export const guidanceText = defineCatalog(
  {
    seeAlso: (title: string) => `Katso myös: ${title}`,
    sourcesLabel: 'Lähteet',
    voteQuestion: 'Oliko vastauksesta apua?',
    voteUp: '👍 Kyllä',
    voteDown: '👎 Ei',
    askOph: 'Kysy OPH:lta',
    emailCustomerService: 'Lähetä sähköpostia asiakaspalveluun',
    suggestTitle: 'Tarkoititko jotakin näistä?',
    suggestIntro: 'En löytänyt varmaa vastausta. Nämä ohjeet voivat liittyä kysymykseesi:',
    didYouMean: 'Tarkoititko tätä?',
    didYouMeanIntro: 'En ole varma, vastaako tämä kysymykseesi. Lähin kohta ohjeista:',
    otherSuggestions: 'Tai ehkä jokin näistä:',
    showWholeGuide: 'Näytä koko ohje',
    suggestContact: `Jos nämä eivät auta, kysy OPH:n asiantuntijoilta tai ota yhteyttä asiakaspalveluun: ${CUSTOMER_SERVICE_EMAIL}.`,
    unknownTitle: 'En tiedä vastausta',
    unknownBody: `En löytänyt tähän vastausta Oppijanumeropalvelun ohjeista, enkä halua arvata. Voit kysyä OPH:n asiantuntijoilta alla olevalla painikkeella tai ottaa yhteyttä Opintopolun asiakaspalveluun: ${CUSTOMER_SERVICE_EMAIL}.`,
    youAsked: (question: string) => `Kysymyksesi: ${question}`,
    maskedNotice:
      'Poistin viestistäsi henkilötunnuksen näköisen tunnisteen, eikä sitä tallenneta. Älä lähetä henkilötunnuksia keskusteluun.',
    truncatedNotice: 'Viestisi oli pitkä, joten etsin vastausta sen alkuosan perusteella.',
    emptyQuestion: 'Kirjoita kysymyksesi sanoin, niin etsin vastauksen Oppijanumeropalvelun ohjeista.',
    articleNotFound: 'Ohjetta ei löytynyt. Se on ehkä poistettu tietopankista.',
    answerSummary: (title: string) => `Vastaus: ${title}`,
    reloadDone: (ids: number, versions: number, ms: number) =>
      `Tietopankki päivitetty: ${ids} ohjetta, ${versions} kieliversiota (${ms} ms).`,
    reloadWarnings: (count: number) => `Huomautuksia: ${count}`,
    reloadFailed: (count: number) =>
      `Tietopankkia ei päivitetty, koska siinä on ${countOf('fi', count, { one: 'ongelma', other: 'ongelmaa' })}. Edellinen versio on yhä käytössä.`,
    reloadMoreProblems: (count: number) => `…ja ${countOf('fi', count, { one: 'muu', other: 'muuta' })}.`,
  },
  {
    seeAlso: (title: string) => `Se även: ${title}`,
    sourcesLabel: 'Källor',
    voteQuestion: 'Var svaret till hjälp?',
    voteUp: '👍 Ja',
    voteDown: '👎 Nej',
    askOph: 'Fråga Utbildningsstyrelsen',
    emailCustomerService: 'Skicka e-post till kundtjänsten',
    suggestTitle: 'Menade du något av dessa?',
    suggestIntro: 'Jag hittade inget säkert svar. De här anvisningarna kan gälla din fråga:',
    didYouMean: 'Menade du det här?',
    didYouMeanIntro: 'Jag är inte säker på att det här svarar på din fråga. Det närmaste i anvisningarna:',
    otherSuggestions: 'Eller kanske någon av dessa:',
    showWholeGuide: 'Visa hela anvisningen',
    suggestContact: `Om de inte hjälper, fråga Utbildningsstyrelsens experter eller kontakta kundtjänsten: ${CUSTOMER_SERVICE_EMAIL}.`,
    unknownTitle: 'Jag vet inte svaret',
    unknownBody: `Jag hittade inget svar på det här i studentnummertjänstens anvisningar och vill inte gissa. Du kan fråga Utbildningsstyrelsens experter med knappen nedan eller kontakta Studieinfos kundtjänst: ${CUSTOMER_SERVICE_EMAIL}.`,
    youAsked: (question: string) => `Din fråga: ${question}`,
    maskedNotice:
      'Jag tog bort något som liknar en personbeteckning ur ditt meddelande, och den sparas inte. Skicka inte personbeteckningar i konversationen.',
    truncatedNotice: 'Ditt meddelande var långt, så jag sökte svar utifrån början av det.',
    emptyQuestion: 'Skriv din fråga med ord, så söker jag svaret i studentnummertjänstens anvisningar.',
    articleNotFound: 'Anvisningen hittades inte. Den kan ha tagits bort ur kunskapsbanken.',
    answerSummary: (title: string) => `Svar: ${title}`,
    reloadDone: (ids: number, versions: number, ms: number) =>
      `Kunskapsbanken uppdaterad: ${ids} anvisningar, ${versions} språkversioner (${ms} ms).`,
    reloadWarnings: (count: number) => `Anmärkningar: ${count}`,
    reloadFailed: (count: number) =>
      `Kunskapsbanken uppdaterades inte eftersom den har ${count} problem. Den tidigare versionen används fortfarande.`,
    reloadMoreProblems: (count: number) => `…och ${count} till.`,
  },
  {
    seeAlso: (title: string) => `See also: ${title}`,
    sourcesLabel: 'Sources',
    voteQuestion: 'Was this answer helpful?',
    voteUp: '👍 Yes',
    voteDown: '👎 No',
    askOph: 'Ask OPH',
    emailCustomerService: 'E-mail customer service',
    suggestTitle: 'Did you mean one of these?',
    suggestIntro: 'I did not find a certain answer. These guides may relate to your question:',
    didYouMean: 'Did you mean this?',
    didYouMeanIntro: 'I am not sure this answers your question. The closest part of the guides:',
    otherSuggestions: 'Or perhaps one of these:',
    showWholeGuide: 'Show the whole guide',
    suggestContact: `If they do not help, ask OPH's experts or contact customer service: ${CUSTOMER_SERVICE_EMAIL}.`,
    unknownTitle: "I don't know the answer",
    unknownBody: `I did not find an answer to this in the learner number service's guidance, and I do not want to guess. You can ask OPH's experts with the button below or contact Opintopolku customer service: ${CUSTOMER_SERVICE_EMAIL}.`,
    youAsked: (question: string) => `Your question: ${question}`,
    maskedNotice:
      'I removed something that looks like a Finnish personal identity code from your message, and it is not stored. Please do not send personal identity codes in the conversation.',
    truncatedNotice: 'Your message was long, so I searched for an answer based on its beginning.',
    emptyQuestion: "Type your question in words and I'll look for the answer in the learner number service's guidance.",
    articleNotFound: 'The guide was not found. It may have been removed from the knowledge base.',
    answerSummary: (title: string) => `Answer: ${title}`,
    reloadDone: (ids: number, versions: number, ms: number) =>
      `Knowledge base reloaded: ${ids} guides, ${versions} language versions (${ms} ms).`,
    reloadWarnings: (count: number) => `Notes: ${count}`,
    reloadFailed: (count: number) =>
      `The knowledge base was not reloaded because it has ${countOf('en', count, { one: 'problem', other: 'problems' })}. The previous version is still in use.`,
    reloadMoreProblems: (count: number) => `…and ${count} more.`,
  },
);

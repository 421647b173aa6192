/**
 * Onboarding strings shared by the status card, the CSV export and the tab (which bundles this file).
 * Step titles follow the knowledge base's article titles for the seven joining steps.
 */
import { defineCatalog, type Lang } from '../../i18n/index.js';
import type { InstitutionType, IntegrationRoute, StatusField, StepField, StepStatus, VendorSystem } from './model.js';

export const onboardingText = defineCatalog(
  {
    step1: 'Kohderyhmät',
    step2: 'Tietosisällöt',
    step3: 'Organisoituminen ja vastuut',
    step4: 'Integraatio ja testaus',
    step5: 'Käyttöehdot ja liittymisilmoitus',
    step6: 'Käyttöönotto',
    step7: 'Palaute ja kehitysehdotukset',
    article1: '1. Kenelle oppijanumeron voi hakea',
    article2: '2. Oppijanumeropalvelun tietosisällöt',
    article3: '3. Organisoituminen ja vastuut',
    article4: '4. Integraation toteutus ja testaus',
    article5: '5. Oppijanumeropalvelun käyttöehdot ja liittymisilmoitus',
    article6: '6. Käyttöönotto',
    article7: '7. Palaute ja kehitysehdotukset',
    status_not_started: 'Ei aloitettu',
    status_in_progress: 'Käynnissä',
    status_done: 'Valmis',
    status_not_applicable: 'Ei koske',
    route_yleistunniste: 'Yleistunniste-rajapinta',
    route_oppija_controller: 'Oppija controller -rajapinta',
    route_ui_only: 'Vain käyttöliittymä',
    vendor_peppi: 'Peppi',
    vendor_sisu: 'Sisu',
    vendor_visma_primus: 'Visma Primus',
    vendor_own: 'Oma järjestelmä',
    vendor_other: 'Muu',
    type_university: 'Yliopisto',
    type_uas: 'Ammattikorkeakoulu',
    type_other: 'Muu',
    field_route: 'Integraatiotapa',
    field_vendor: 'Toimittaja / järjestelmä',
    field_systemName: 'Järjestelmän nimi',
    field_testAccountRequested: 'Testitunnus pyydetty',
    field_testAccountReceived: 'Testitunnus saatu',
    field_joiningNotificationSubmitted: 'Liittymisilmoitus jätetty',
    field_joiningNotificationProcessed: 'Liittymisilmoitus käsitelty',
    field_goLiveDate: 'Tuotantoonotto',
    stepField_status: 'tila',
    stepField_date: 'päivämäärä',
    stepField_responsible: 'vastuuhenkilö',
    stepField_note: 'huomautus',
    stepLabel: (step: number) => `Vaihe ${step}`,
    notSet: '–',
    completed: 'Kaikki vaiheet tehty',
    cardSubtitle: 'Liittymisen tilanne',
    cardProgress: (closed: number, total: number) => `${closed}/${total} vaihetta tehty`,
    cardType: 'Tyyppi',
    cardNextStep: 'Seuraava vaihe',
    cardGuidance: 'Ohje seuraavaan vaiheeseen',
    cardAllDone: 'Kaikki vaiheet on tehty. Kerro kokemuksistanne ja kehitysehdotuksistanne kanavalla.',
    cardResponsible: 'Vastuuhenkilö',
    cardOpenGuidance: 'Avaa ohje',
    cardOpenTab: 'Avaa tilannenäkymä',
    cardSummary: (name: string) => `Liittymisen tilanne: ${name}`,
    notMapped:
      'Sinua ei ole vielä liitetty mihinkään korkeakouluun, joten en tiedä, minkä tilanteen näyttäisin. Pyydä OPH:ta liittämään sinut organisaatioosi. Kaikkien korkeakoulujen tilanne näkyy tilannenäkymässä.',
    notMappedHint: 'Voit myös kirjoittaa "tilanne" ja korkeakoulun nimen, esimerkiksi "tilanne Pohjanlahti".',
    noMatch: 'En löytänyt korkeakoulua antamallasi nimellä. Tarkista nimi tai katso luettelo tilannenäkymästä.',
    didYouMean: 'Tarkoititko jotakin näistä?',
    csvName: 'Nimi',
    csvNameSv: 'Nimi ruotsiksi',
    csvNameEn: 'Nimi englanniksi',
    csvOid: 'Organisaation OID',
    csvType: 'Tyyppi',
    csvCurrentStep: 'Nykyinen vaihe',
    csvProgress: 'Edistyminen (%)',
    csvStepStatus: (step: number) => `Vaihe ${step}: tila`,
    csvStepDate: (step: number) => `Vaihe ${step}: päivämäärä`,
  },
  {
    step1: 'Målgrupper',
    step2: 'Datainnehåll',
    step3: 'Organisering och ansvar',
    step4: 'Integration och testning',
    step5: 'Användarvillkor och anslutningsanmälan',
    step6: 'Ibruktagande',
    step7: 'Respons och utvecklingsförslag',
    article1: '1. För vem kan studentnummer hämtas',
    article2: '2. Datainnehållet i studentnummertjänsten',
    article3: '3. Organisering och ansvar',
    article4: '4. Genomförande och testning av integrationen',
    article5: '5. Användarvillkor och anslutningsanmälan för studentnummertjänsten',
    article6: '6. Ibruktagande',
    article7: '7. Respons och utvecklingsförslag',
    status_not_started: 'Inte påbörjat',
    status_in_progress: 'Pågår',
    status_done: 'Klart',
    status_not_applicable: 'Inte aktuellt',
    route_yleistunniste: 'Gränssnittet för allmän identifierare',
    route_oppija_controller: 'Gränssnittet oppija controller',
    route_ui_only: 'Endast användargränssnittet',
    vendor_peppi: 'Peppi',
    vendor_sisu: 'Sisu',
    vendor_visma_primus: 'Visma Primus',
    vendor_own: 'Eget system',
    vendor_other: 'Annat',
    type_university: 'Universitet',
    type_uas: 'Yrkeshögskola',
    type_other: 'Annan',
    field_route: 'Integrationssätt',
    field_vendor: 'Leverantör / system',
    field_systemName: 'Systemets namn',
    field_testAccountRequested: 'Testkonto begärt',
    field_testAccountReceived: 'Testkonto mottaget',
    field_joiningNotificationSubmitted: 'Anslutningsanmälan inlämnad',
    field_joiningNotificationProcessed: 'Anslutningsanmälan behandlad',
    field_goLiveDate: 'Produktionsstart',
    stepField_status: 'status',
    stepField_date: 'datum',
    stepField_responsible: 'ansvarsperson',
    stepField_note: 'anteckning',
    stepLabel: (step: number) => `Steg ${step}`,
    notSet: '–',
    completed: 'Alla steg klara',
    cardSubtitle: 'Anslutningsläge',
    cardProgress: (closed: number, total: number) => `${closed}/${total} steg klara`,
    cardType: 'Typ',
    cardNextStep: 'Nästa steg',
    cardGuidance: 'Anvisning för nästa steg',
    cardAllDone: 'Alla steg är klara. Berätta om era erfarenheter och utvecklingsförslag i kanalen.',
    cardResponsible: 'Ansvarsperson',
    cardOpenGuidance: 'Öppna anvisningen',
    cardOpenTab: 'Öppna lägesvyn',
    cardSummary: (name: string) => `Anslutningsläge: ${name}`,
    notMapped:
      'Du är ännu inte kopplad till någon högskola, så jag vet inte vilket läge jag ska visa. Be Utbildningsstyrelsen koppla dig till din organisation. Alla högskolors läge syns i lägesvyn.',
    notMappedHint: 'Du kan också skriva "läge" och högskolans namn, till exempel "läge Bottenviken".',
    noMatch: 'Jag hittade ingen högskola med det namnet. Kontrollera namnet eller se listan i lägesvyn.',
    didYouMean: 'Menade du någon av dessa?',
    csvName: 'Namn på finska',
    csvNameSv: 'Namn',
    csvNameEn: 'Namn på engelska',
    csvOid: 'Organisationens OID',
    csvType: 'Typ',
    csvCurrentStep: 'Nuvarande steg',
    csvProgress: 'Framsteg (%)',
    csvStepStatus: (step: number) => `Steg ${step}: status`,
    csvStepDate: (step: number) => `Steg ${step}: datum`,
  },
  {
    step1: 'Target groups',
    step2: 'Data content',
    step3: 'Organisation and responsibilities',
    step4: 'Integration and testing',
    step5: 'Terms of use and joining notification',
    step6: 'Go-live',
    step7: 'Feedback and development proposals',
    article1: '1. For whom a learner number can be fetched',
    article2: '2. Data content of the learner number service',
    article3: '3. Organisation and responsibilities',
    article4: '4. Implementing and testing the integration',
    article5: '5. Terms of use and joining notification',
    article6: '6. Go-live',
    article7: '7. Feedback and development proposals',
    status_not_started: 'Not started',
    status_in_progress: 'In progress',
    status_done: 'Done',
    status_not_applicable: 'Not applicable',
    route_yleistunniste: 'Yleistunniste interface',
    route_oppija_controller: 'Oppija controller interface',
    route_ui_only: 'User interface only',
    vendor_peppi: 'Peppi',
    vendor_sisu: 'Sisu',
    vendor_visma_primus: 'Visma Primus',
    vendor_own: 'Own system',
    vendor_other: 'Other',
    type_university: 'University',
    type_uas: 'University of applied sciences',
    type_other: 'Other',
    field_route: 'Integration route',
    field_vendor: 'Vendor / system',
    field_systemName: 'System name',
    field_testAccountRequested: 'Test account requested',
    field_testAccountReceived: 'Test account received',
    field_joiningNotificationSubmitted: 'Joining notification submitted',
    field_joiningNotificationProcessed: 'Joining notification processed',
    field_goLiveDate: 'Production go-live',
    stepField_status: 'status',
    stepField_date: 'date',
    stepField_responsible: 'responsible person',
    stepField_note: 'note',
    stepLabel: (step: number) => `Step ${step}`,
    notSet: '–',
    completed: 'All steps done',
    cardSubtitle: 'Onboarding status',
    cardProgress: (closed: number, total: number) => `${closed}/${total} steps done`,
    cardType: 'Type',
    cardNextStep: 'Next step',
    cardGuidance: 'Guidance for the next step',
    cardAllDone: 'Every step is done. Share your experiences and development proposals in the channel.',
    cardResponsible: 'Responsible person',
    cardOpenGuidance: 'Open the guidance',
    cardOpenTab: 'Open the status view',
    cardSummary: (name: string) => `Onboarding status: ${name}`,
    notMapped:
      "You are not linked to an institution yet, so I don't know whose status to show. Ask OPH to link you to your organisation. Every institution's status is shown in the status view.",
    notMappedHint: 'You can also type "status" and an institution\'s name, for example "status Pohjanlahti".',
    noMatch: 'I found no institution by that name. Check the name or see the list in the status view.',
    didYouMean: 'Did you mean one of these?',
    csvName: 'Name in Finnish',
    csvNameSv: 'Name in Swedish',
    csvNameEn: 'Name',
    csvOid: 'Organisation OID',
    csvType: 'Type',
    csvCurrentStep: 'Current step',
    csvProgress: 'Progress (%)',
    csvStepStatus: (step: number) => `Step ${step}: status`,
    csvStepDate: (step: number) => `Step ${step}: date`,
  },
);

export type OnboardingText = (typeof onboardingText)['fi'];

export function tOnboarding(lang: Lang): OnboardingText {
  return onboardingText[lang];
}

// Typed lookups: the key is built from a closed union, so an unknown value cannot slip through.
export function stepName(lang: Lang, step: number): string {
  const t = onboardingText[lang];
  const key = `step${step}` as `step${1 | 2 | 3 | 4 | 5 | 6 | 7}`;
  return t[key] ?? t.completed;
}
export function articleTitle(lang: Lang, step: number): string {
  const key = `article${step}` as `article${1 | 2 | 3 | 4 | 5 | 6 | 7}`;
  return onboardingText[lang][key] ?? '';
}
export const statusLabel = (lang: Lang, status: StepStatus): string => onboardingText[lang][`status_${status}`];
export const routeLabel = (lang: Lang, route: IntegrationRoute): string => onboardingText[lang][`route_${route}`];
export const vendorLabel = (lang: Lang, vendor: VendorSystem): string => onboardingText[lang][`vendor_${vendor}`];
export const typeLabel = (lang: Lang, type: InstitutionType): string => onboardingText[lang][`type_${type}`];
export const statusFieldLabel = (lang: Lang, field: StatusField): string => onboardingText[lang][`field_${field}`];

/** Localised name of a history field such as `goLiveDate` or `step3.status`. */
export function historyFieldLabel(lang: Lang, field: string): string {
  const t = onboardingText[lang];
  const stepMatch = /^step([1-7])\.(status|date|responsible|note)$/.exec(field);
  if (stepMatch) {
    const step = Number(stepMatch[1]);
    return `${t.stepLabel(step)} – ${t[`stepField_${stepMatch[2] as StepField}`]}`;
  }
  const key = `field_${field}`;
  return key in t ? (t[key as keyof OnboardingText] as string) : field;
}

/** Institution name in the reader's language, falling back to Finnish. */
export function institutionName(lang: Lang, names: { nameFi: string; nameSv: string; nameEn: string }): string {
  const name = lang === 'sv' ? names.nameSv : lang === 'en' ? names.nameEn : names.nameFi;
  return name || names.nameFi;
}

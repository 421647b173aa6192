import { defineCatalog, type Lang } from '../../i18n/index.js';
import type { Role } from '../../auth/roles.js';
import type { RequestedRole } from '../../store/membership-repository.js';

export const membershipText = defineCatalog(
  {
    greetingTitle: 'Tervetuloa Oppijanumeropalvelun kanavalle!',
    shortWelcome: (name: string) =>
      `Tervetuloa, ${name}! Saat oikeat oikeudet kertomalla organisaatiosi: kirjoita minulle henkilökohtaisessa keskustelussa "liity".`,
    greetingBody:
      'Jotta saat oikeat oikeudet (esim. testihaut ja oman korkeakoulusi liittymistilanteen muokkaus), kerro mitä organisaatiota edustat ja missä roolissa. OPH hyväksyy pyynnön. Siihen asti voit kysyä, antaa palautetta ja äänestää.',
    fieldOrganisation: 'Mitä organisaatiota edustat?',
    organisationPlaceholder: 'Hae nimellä',
    vendorOption: 'Järjestelmätoimittaja',
    fieldVendorName: 'Järjestelmätoimittajan nimi (jos edustat toimittajaa)',
    fieldRole: 'Mitä roolia pyydät?',
    role_main_user: 'Pääkäyttäjä',
    role_registry_staff: 'Rekisterin henkilöstö',
    role_vendor: 'Järjestelmätoimittaja',
    role_other: 'Muu',
    send: 'Lähetä pyyntö',
    requestSent: 'Kiitos! Pyyntösi on lähetetty OPH:lle. Saat tiedon päätöksestä tässä keskustelussa.',
    alreadyPending: 'Sinulla on jo käsittelyssä oleva pyyntö. Saat tiedon päätöksestä tässä keskustelussa.',
    alreadyMapped: (role: string) => `Sinulla on jo rooli: ${role}. Jos se on väärä, ota yhteyttä OPH:hon.`,
    askAgainOn: (date: string) => `Edellinen pyyntösi hylättiin. Voit pyytää uudelleen ${date} alkaen.`,
    invalidRequest: 'Valitse organisaatio ja rooli. Järjestelmätoimittajan nimi tarvitaan, jos edustat toimittajaa.',
    expertTitle: 'Uusi jäsenpyyntö',
    expertPerson: 'Henkilö',
    expertOrganisation: 'Organisaatio',
    expertRequestedRole: 'Pyydetty rooli',
    expertDecideRole: 'Annettava rooli',
    expertDecideInstitution: 'Korkeakoulu',
    noInstitution: 'Ei korkeakoulua',
    expertReason: 'Hylkäyksen syy (näytetään pyytäjälle)',
    approve: 'Hyväksy',
    reject: 'Hylkää',
    reasonRequired: 'Kirjoita hylkäyksen syy.',
    decidedApproved: (by: string, role: string) => `✅ Hyväksytty (${by}): ${role}`,
    decidedRejected: (by: string, reason: string) => `❌ Hylätty (${by}): ${reason}`,
    alreadyDecided: 'Pyyntö on jo käsitelty.',
    approvedTitle: 'Jäsenpyyntösi hyväksyttiin',
    approvedBody: (role: string, organisation: string) => `Roolisi on nyt ${role}${organisation ? ` (${organisation})` : ''}. Voit nyt:`,
    rejectedTitle: 'Jäsenpyyntöäsi ei hyväksytty',
    rejectedBody: (reason: string, date: string) =>
      `Syy: ${reason}\n\nVoit pyytää uudelleen ${date} alkaen kirjoittamalla minulle "liity".`,
    rights_ask: 'kysyä ohjeista, antaa palautetta ja äänestää',
    rights_lookup: 'tehdä testihakuja ONR:n testiympäristöön',
    rights_plan: 'muokata korkeakoulusi liittymistilanteen suunnitelmatietoja',
    rights_admin: 'hallita tiedotteita, palautteita, käyttäjiä ja kaikkien liittymistilannetta',
  },
  {
    greetingTitle: 'Välkommen till studentnummertjänstens kanal!',
    shortWelcome: (name: string) =>
      `Välkommen, ${name}! Du får rätt behörigheter genom att berätta din organisation: skriv "gå med" till mig i en personlig chatt.`,
    greetingBody:
      'För att få rätt behörigheter (t.ex. testsökningar och redigering av din högskolas anslutningsläge) berätta vilken organisation du representerar och i vilken roll. Utbildningsstyrelsen godkänner begäran. Tills dess kan du ställa frågor, ge respons och rösta.',
    fieldOrganisation: 'Vilken organisation representerar du?',
    organisationPlaceholder: 'Sök med namn',
    vendorOption: 'Systemleverantör',
    fieldVendorName: 'Systemleverantörens namn (om du representerar en leverantör)',
    fieldRole: 'Vilken roll ber du om?',
    role_main_user: 'Huvudanvändare',
    role_registry_staff: 'Registerpersonal',
    role_vendor: 'Systemleverantör',
    role_other: 'Annat',
    send: 'Skicka begäran',
    requestSent: 'Tack! Din begäran har skickats till Utbildningsstyrelsen. Du får beslutet i den här konversationen.',
    alreadyPending: 'Du har redan en begäran under behandling. Du får beslutet i den här konversationen.',
    alreadyMapped: (role: string) => `Du har redan rollen ${role}. Kontakta Utbildningsstyrelsen om den är fel.`,
    askAgainOn: (date: string) => `Din förra begäran avslogs. Du kan be igen från och med ${date}.`,
    invalidRequest: 'Välj organisation och roll. Systemleverantörens namn behövs om du representerar en leverantör.',
    expertTitle: 'Ny medlemsbegäran',
    expertPerson: 'Person',
    expertOrganisation: 'Organisation',
    expertRequestedRole: 'Begärd roll',
    expertDecideRole: 'Roll som ges',
    expertDecideInstitution: 'Högskola',
    noInstitution: 'Ingen högskola',
    expertReason: 'Orsak till avslag (visas för den som bad)',
    approve: 'Godkänn',
    reject: 'Avslå',
    reasonRequired: 'Skriv orsaken till avslaget.',
    decidedApproved: (by: string, role: string) => `✅ Godkänd (${by}): ${role}`,
    decidedRejected: (by: string, reason: string) => `❌ Avslagen (${by}): ${reason}`,
    alreadyDecided: 'Begäran är redan behandlad.',
    approvedTitle: 'Din medlemsbegäran har godkänts',
    approvedBody: (role: string, organisation: string) => `Din roll är nu ${role}${organisation ? ` (${organisation})` : ''}. Nu kan du:`,
    rejectedTitle: 'Din medlemsbegäran godkändes inte',
    rejectedBody: (reason: string, date: string) =>
      `Orsak: ${reason}\n\nDu kan be igen från och med ${date} genom att skriva "gå med" till mig.`,
    rights_ask: 'ställa frågor om anvisningarna, ge respons och rösta',
    rights_lookup: 'göra testsökningar i ONR:s testmiljö',
    rights_plan: 'redigera planuppgifterna i din högskolas anslutningsläge',
    rights_admin: 'hantera meddelanden, respons, användare och allas anslutningsläge',
  },
  {
    greetingTitle: "Welcome to the learner number service's channel!",
    shortWelcome: (name: string) =>
      `Welcome, ${name}! To get the right permissions, tell us your organisation: write "join" to me in a personal chat.`,
    greetingBody:
      "To get the right permissions (e.g. test look-ups and editing your institution's joining status), tell us which organisation you represent and in which role. OPH approves the request. Until then you can ask questions, give feedback and vote.",
    fieldOrganisation: 'Which organisation do you represent?',
    organisationPlaceholder: 'Search by name',
    vendorOption: 'System vendor',
    fieldVendorName: "System vendor's name (if you represent a vendor)",
    fieldRole: 'Which role do you ask for?',
    role_main_user: 'Main user',
    role_registry_staff: 'Registry staff',
    role_vendor: 'System vendor',
    role_other: 'Other',
    send: 'Send request',
    requestSent: 'Thank you! Your request has been sent to OPH. You will hear the decision in this conversation.',
    alreadyPending: 'You already have a request being processed. You will hear the decision in this conversation.',
    alreadyMapped: (role: string) => `You already have the role ${role}. Contact OPH if it is wrong.`,
    askAgainOn: (date: string) => `Your previous request was rejected. You can ask again from ${date}.`,
    invalidRequest: "Choose an organisation and a role. The vendor's name is needed if you represent a vendor.",
    expertTitle: 'New membership request',
    expertPerson: 'Person',
    expertOrganisation: 'Organisation',
    expertRequestedRole: 'Requested role',
    expertDecideRole: 'Role to give',
    expertDecideInstitution: 'Institution',
    noInstitution: 'No institution',
    expertReason: 'Reason for rejection (shown to the requester)',
    approve: 'Approve',
    reject: 'Reject',
    reasonRequired: 'Write the reason for the rejection.',
    decidedApproved: (by: string, role: string) => `✅ Approved (${by}): ${role}`,
    decidedRejected: (by: string, reason: string) => `❌ Rejected (${by}): ${reason}`,
    alreadyDecided: 'The request has already been decided.',
    approvedTitle: 'Your membership request was approved',
    approvedBody: (role: string, organisation: string) =>
      `Your role is now ${role}${organisation ? ` (${organisation})` : ''}. You can now:`,
    rejectedTitle: 'Your membership request was not approved',
    rejectedBody: (reason: string, date: string) => `Reason: ${reason}\n\nYou can ask again from ${date} by writing "join" to me.`,
    rights_ask: 'ask about the guidance, give feedback and vote',
    rights_lookup: 'run test look-ups in the ONR test environment',
    rights_plan: "edit the plan fields of your institution's joining status",
    rights_admin: "manage announcements, feedback, users and everyone's joining status",
  },
);

const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  fi: {
    ServiceOwnerAdmin: 'OPH:n ylläpitäjä',
    InstitutionAdmin: 'korkeakoulun pääkäyttäjä',
    Vendor: 'järjestelmätoimittaja',
    Participant: 'osallistuja',
  },
  sv: {
    ServiceOwnerAdmin: 'administratör vid Utbildningsstyrelsen',
    InstitutionAdmin: 'högskolans huvudanvändare',
    Vendor: 'systemleverantör',
    Participant: 'deltagare',
  },
  en: {
    ServiceOwnerAdmin: 'OPH administrator',
    InstitutionAdmin: 'institution main user',
    Vendor: 'system vendor',
    Participant: 'participant',
  },
};

export function roleName(lang: Lang, role: Role): string {
  return ROLE_NAMES[lang][role];
}

export function requestedRoleName(lang: Lang, role: RequestedRole): string {
  const t = membershipText[lang];
  return { 'main-user': t.role_main_user, 'registry-staff': t.role_registry_staff, vendor: t.role_vendor, other: t.role_other }[role];
}

/** Dates in membership texts come from the app's one formatter (Helsinki day, per-language format). */
export { formatDay } from '../../i18n/dates.js';

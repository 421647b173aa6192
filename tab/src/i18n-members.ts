/** Texts of the users page: the membership request queue and the people list (fi/sv/en). */
import { defineCatalog } from '../../bot/i18n/index.js';

export const membersText = defineCatalog(
  {
    queueTitle: (n: number) => `Jäsenpyynnöt (${n})`,
    queueEmpty: 'Ei käsiteltäviä pyyntöjä.',
    requested: 'Pyytää',
    organisation: 'Organisaatio',
    vendor: (name: string) => `Järjestelmätoimittaja: ${name}`,
    giveRole: 'Annettava rooli',
    approve: 'Hyväksy',
    reason: 'Hylkäyksen syy',
    reject: 'Hylkää',
    approved: (name: string) => `${name}: pyyntö hyväksytty, jäsenelle ilmoitettu.`,
    rejected: (name: string) => `${name}: pyyntö hylätty, jäsenelle ilmoitettu.`,
    reasonMissing: 'Kirjoita hylkäyksen syy.',
    peopleTitle: 'Henkilöt',
    peopleIntro:
      'Kaikki, jotka ovat tiimissä, jossa sovellus on, tai ovat keskustelleet botin kanssa. Valitse henkilön rooli: muutos tallentuu heti.',
    search: 'Hae nimellä tai sähköpostilla',
    colPerson: 'Henkilö',
    colRole: 'Rooli',
    colInstitution: 'Korkeakoulu',
    colActivity: 'Viimeksi aktiivinen',
    guest: 'vieras',
    pending: 'pyyntö odottaa',
    never: '–',
    roleSaved: (name: string) => `${name}: rooli tallennettu.`,
    nobody: 'Ei osumia.',
    roleFor: (name: string) => `Rooli: ${name}`,
    institutionFor: (name: string) => `Korkeakoulu: ${name}`,
  },
  {
    queueTitle: (n: number) => `Medlemsbegäranden (${n})`,
    queueEmpty: 'Inga begäranden att behandla.',
    requested: 'Ber om',
    organisation: 'Organisation',
    vendor: (name: string) => `Systemleverantör: ${name}`,
    giveRole: 'Roll som ges',
    approve: 'Godkänn',
    reason: 'Orsak till avslag',
    reject: 'Avslå',
    approved: (name: string) => `${name}: begäran godkänd, medlemmen har meddelats.`,
    rejected: (name: string) => `${name}: begäran avslagen, medlemmen har meddelats.`,
    reasonMissing: 'Skriv orsaken till avslaget.',
    peopleTitle: 'Personer',
    peopleIntro:
      'Alla som är med i ett team där appen finns eller som har chattat med boten. Välj personens roll: ändringen sparas genast.',
    search: 'Sök med namn eller e-post',
    colPerson: 'Person',
    colRole: 'Roll',
    colInstitution: 'Högskola',
    colActivity: 'Senast aktiv',
    guest: 'gäst',
    pending: 'begäran väntar',
    never: '–',
    roleSaved: (name: string) => `${name}: rollen har sparats.`,
    nobody: 'Inga träffar.',
    roleFor: (name: string) => `Roll: ${name}`,
    institutionFor: (name: string) => `Högskola: ${name}`,
  },
  {
    queueTitle: (n: number) => `Membership requests (${n})`,
    queueEmpty: 'No requests to handle.',
    requested: 'Asks for',
    organisation: 'Organisation',
    vendor: (name: string) => `System vendor: ${name}`,
    giveRole: 'Role to give',
    approve: 'Approve',
    reason: 'Reason for rejection',
    reject: 'Reject',
    approved: (name: string) => `${name}: request approved, the member has been told.`,
    rejected: (name: string) => `${name}: request rejected, the member has been told.`,
    reasonMissing: 'Write the reason for the rejection.',
    peopleTitle: 'People',
    peopleIntro: "Everyone in a team that has the app, or who has talked to the bot. Choose a person's role: the change is saved at once.",
    search: 'Search by name or e-mail',
    colPerson: 'Person',
    colRole: 'Role',
    colInstitution: 'Institution',
    colActivity: 'Last active',
    guest: 'guest',
    pending: 'request waiting',
    never: '–',
    roleSaved: (name: string) => `${name}: role saved.`,
    nobody: 'No matches.',
    roleFor: (name: string) => `Role: ${name}`,
    institutionFor: (name: string) => `Institution: ${name}`,
  },
);

/** Roles from the least to the most powerful: the first is every picker's default. */
export const ROLES_LEAST_FIRST = ['Participant', 'Vendor', 'InstitutionAdmin', 'ServiceOwnerAdmin'] as const;

/** Role a request maps to unless the admin picks another (same rule as the bot's expert card). */
export function roleForRequest(requested: string): string {
  return requested === 'main-user' ? 'InstitutionAdmin' : requested === 'vendor' ? 'Vendor' : 'Participant';
}

export function requestedLabel(lang: 'fi' | 'sv' | 'en', requested: string): string {
  const labels: Record<string, [string, string, string]> = {
    'main-user': ['Pääkäyttäjä', 'Huvudanvändare', 'Main user'],
    'registry-staff': ['Rekisterin henkilöstö', 'Registerpersonal', 'Registry staff'],
    vendor: ['Järjestelmätoimittaja', 'Systemleverantör', 'System vendor'],
    other: ['Muu', 'Annat', 'Other'],
  };
  const index = lang === 'sv' ? 1 : lang === 'en' ? 2 : 0;
  return labels[requested]?.[index] ?? requested;
}

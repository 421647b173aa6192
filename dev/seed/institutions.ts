/**
 * Local-mode seed data: 40 FICTIONAL Finnish higher-education institutions (invented names and
 * invented organisation OIDs — none is a real institution) at varied stages of the seven joining
 * steps, with routes, vendors, go-live dates across 2025–2026, and a history of how they got there.
 *
 * Idempotent: an institution whose id already exists is skipped whole, so edits made in the tab
 * survive a restart and a second run adds nothing.
 */
// Organisation OIDs follow the same Luhn rule as the person OIDs of the newer nodes.
import { luhnCheckDigit } from '../../bot/features/lookup/identifiers.js';
import type { Store } from '../../bot/store/db.js';
import {
  createOnboardingRepository,
  type InstitutionInfo,
  type InstitutionType,
  type IntegrationRoute,
  type StepChange,
  type VendorSystem,
} from '../../bot/store/onboarding-repository.js';
import { seededRandom } from '../../bot/seeded-random.js';

type Seed = [slug: string, fi: string, sv: string, en: string, type: InstitutionType];

const SEEDS: Seed[] = [
  ['kuurankoski', 'Kuurankosken yliopisto', 'Kuurankoski universitet', 'University of Kuurankoski', 'university'],
  [
    'pohjanlahti-amk',
    'Pohjanlahden ammattikorkeakoulu',
    'Yrkeshögskolan vid Pohjanlahti',
    'Pohjanlahti University of Applied Sciences',
    'uas',
  ],
  ['harjuvaara', 'Harjuvaaran yliopisto', 'Harjuvaara universitet', 'University of Harjuvaara', 'university'],
  ['sinisalo-amk', 'Sinisalon ammattikorkeakoulu', 'Sinisalo yrkeshögskola', 'Sinisalo University of Applied Sciences', 'uas'],
  ['jarvisalo', 'Järvisalon yliopisto', 'Järvisalo universitet', 'University of Järvisalo', 'university'],
  [
    'kaakkoisrannikko-amk',
    'Kaakkoisrannikon ammattikorkeakoulu',
    'Yrkeshögskolan vid sydöstra kusten',
    'South-East Coast University of Applied Sciences',
    'uas',
  ],
  [
    'koivuranta-tek',
    'Koivurannan teknillinen yliopisto',
    'Koivuranta tekniska universitet',
    'Koivuranta University of Technology',
    'university',
  ],
  ['metsala-amk', 'Metsälän ammattikorkeakoulu', 'Metsälä yrkeshögskola', 'Metsälä University of Applied Sciences', 'uas'],
  ['saaristo', 'Saariston yliopisto', 'Skärgårdens universitet', 'University of the Archipelago', 'university'],
  ['kivijoki-amk', 'Kivijoen ammattikorkeakoulu', 'Kivijoki yrkeshögskola', 'Kivijoki University of Applied Sciences', 'uas'],
  ['revontuli', 'Revontulten yliopisto', 'Norrskenets universitet', 'University of Revontuli', 'university'],
  ['ilvesharju-amk', 'Ilvesharjun ammattikorkeakoulu', 'Ilvesharju yrkeshögskola', 'Ilvesharju University of Applied Sciences', 'uas'],
  ['kalliomaki-kauppa', 'Kalliomäen kauppakorkeakoulu', 'Handelshögskolan i Kalliomäki', 'Kalliomäki School of Business', 'university'],
  ['peltolakeus-amk', 'Peltolakeuden ammattikorkeakoulu', 'Peltolakeus yrkeshögskola', 'Peltolakeus University of Applied Sciences', 'uas'],
  ['vuorilahti-taide', 'Vuorilahden taideyliopisto', 'Konstuniversitetet i Vuorilahti', 'Vuorilahti University of the Arts', 'university'],
  ['kuusikumpu-amk', 'Kuusikummun ammattikorkeakoulu', 'Kuusikumpu yrkeshögskola', 'Kuusikumpu University of Applied Sciences', 'uas'],
  ['itaraja', 'Itärajan yliopisto', 'Östgränsens universitet', 'University of the Eastern Border', 'university'],
  ['sammalsuo-amk', 'Sammalsuon ammattikorkeakoulu', 'Sammalsuo yrkeshögskola', 'Sammalsuo University of Applied Sciences', 'uas'],
  ['suviranta', 'Suvirannan yliopisto', 'Suviranta universitet', 'University of Suviranta', 'university'],
  ['haapavirta-amk', 'Haapavirran ammattikorkeakoulu', 'Haapavirta yrkeshögskola', 'Haapavirta University of Applied Sciences', 'uas'],
  ['hopeajarvi', 'Hopeajärven yliopisto', 'Hopeajärvi universitet', 'University of Hopeajärvi', 'university'],
  ['ruskalaakso-amk', 'Ruskalaakson ammattikorkeakoulu', 'Ruskalaakso yrkeshögskola', 'Ruskalaakso University of Applied Sciences', 'uas'],
  ['tuulimaki', 'Tuulimäen yliopisto', 'Tuulimäki universitet', 'University of Tuulimäki', 'university'],
  ['kotkanpesa-amk', 'Kotkanpesän ammattikorkeakoulu', 'Kotkanpesä yrkeshögskola', 'Kotkanpesä University of Applied Sciences', 'uas'],
  ['lumikangas', 'Lumikankaan yliopisto', 'Lumikangas universitet', 'University of Lumikangas', 'university'],
  ['tahtiniemi-amk', 'Tähtiniemen ammattikorkeakoulu', 'Tähtiniemi yrkeshögskola', 'Tähtiniemi University of Applied Sciences', 'uas'],
  [
    'paatsamaniemi-amk',
    'Paatsamaniemen ammattikorkeakoulu',
    'Paatsamaniemi yrkeshögskola',
    'Paatsamaniemi University of Applied Sciences',
    'uas',
  ],
  ['kultalahde-amk', 'Kultalähteen ammattikorkeakoulu', 'Kultalähde yrkeshögskola', 'Kultalähde University of Applied Sciences', 'uas'],
  ['routavaara-amk', 'Routavaaran ammattikorkeakoulu', 'Routavaara yrkeshögskola', 'Routavaara University of Applied Sciences', 'uas'],
  ['kaislaranta-amk', 'Kaislarannan ammattikorkeakoulu', 'Kaislaranta yrkeshögskola', 'Kaislaranta University of Applied Sciences', 'uas'],
  [
    'kanervakangas-amk',
    'Kanervakankaan ammattikorkeakoulu',
    'Kanervakangas yrkeshögskola',
    'Kanervakangas University of Applied Sciences',
    'uas',
  ],
  ['musselon-yh', 'Simpukkasaaren ammattikorkeakoulu', 'Yrkeshögskolan på Musselön', 'Musselön University of Applied Sciences', 'uas'],
  ['ahvenlampi-amk', 'Ahvenlammen ammattikorkeakoulu', 'Ahvenlampi yrkeshögskola', 'Ahvenlampi University of Applied Sciences', 'uas'],
  ['lehtokurppa-amk', 'Lehtokurpan ammattikorkeakoulu', 'Lehtokurppa yrkeshögskola', 'Lehtokurppa University of Applied Sciences', 'uas'],
  ['jakalamaa-kesayo', 'Jäkälämaan kesäyliopisto', 'Jäkälämaa sommaruniversitet', 'Jäkälämaa Summer University', 'other'],
  ['kurkisuo-opisto', 'Kurkisuon kansanopisto', 'Kurkisuo folkhögskola', 'Kurkisuo Folk High School', 'other'],
  [
    'viljavakka-ope',
    'Viljavakan ammatillinen opettajakorkeakoulu',
    'Yrkespedagogiska högskolan i Viljavakka',
    'Viljavakka School of Vocational Teacher Education',
    'other',
  ],
  ['merituuli-instituutti', 'Merituulen merenkulkuinstituutti', 'Havsvindens sjöfartsinstitut', 'Merituuli Maritime Institute', 'other'],
  ['tunturikyla-avoin', 'Tunturikylän avoin korkeakoulu', 'Fjällbyns öppna högskola', 'Tunturikylä Open University', 'other'],
  ['kaarnavesi-tutkimus', 'Kaarnaveden tutkimuslaitos', 'Kaarnavesi forskningsinstitut', 'Kaarnavesi Research Institute', 'other'],
];

/** Invented organisation OIDs 1.2.246.562.10.70000001NN<check>: a block kept for fictional seed data. */
export function seedOrganisationOid(index: number): string {
  const body = `7000000${String(101 + index).padStart(3, '0')}`;
  return `1.2.246.562.10.${body}${luhnCheckDigit(body)}`;
}

export const SEED_INSTITUTIONS: InstitutionInfo[] = SEEDS.map(([slug, fi, sv, en, type], index) => ({
  id: `inst-${slug}`,
  nameFi: fi,
  nameSv: sv,
  nameEn: en,
  organisationOid: seedOrganisationOid(index),
  type,
}));

const SEED_ACTOR = { tenantId: 'local-seed', objectId: 'seed', displayName: 'OPH (esimerkkidata)' };
const RESPONSIBLE = [
  'Opintopalvelujen pääkäyttäjä',
  'Tietohallinnon integraatiotiimi',
  'Opintohallinnon suunnittelija',
  'Tietosuojavastaava',
  'Järjestelmäasiantuntija',
];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface SeedPlan {
  /** 1–7 = working on that step; 8 = every step closed. */
  stage: number;
  route: IntegrationRoute;
  vendor: VendorSystem | null;
  systemName: string | null;
  goLiveDate: string | null;
}

/** Stage mix: a handful at every step, about a third live, so the overview and chart have shape. */
const STAGES = [8, 3, 6, 7, 2, 8, 5, 4, 8, 1, 7, 4, 8, 6, 3, 8, 5, 2, 7, 4, 8, 6, 1, 8, 5, 3, 7, 8, 4, 6, 2, 8, 5, 7, 1, 3, 6, 4, 8, 5];
const GO_LIVE_MONTHS = [
  '2025-01',
  '2025-02',
  '2025-03',
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-08',
  '2026-09',
  '2026-10',
];
const PLANNED_MONTHS = ['2026-12'];
/** Seed dates never run past this day. */
const LATEST_SEED_DATE = '2026-11-20';

export function seedPlan(index: number, type: InstitutionType): SeedPlan {
  const rnd = seededRandom(1000 + index);
  const stage = STAGES[index % STAGES.length]!;
  const r = rnd();
  const route: IntegrationRoute =
    type === 'other' ? (r < 0.6 ? 'ui_only' : 'yleistunniste') : r < 0.55 ? 'yleistunniste' : r < 0.85 ? 'oppija_controller' : 'ui_only';
  let vendor: VendorSystem | null = null;
  let systemName: string | null = null;
  if (route !== 'ui_only') {
    const v = rnd();
    if (type === 'university') vendor = v < 0.7 ? 'sisu' : v < 0.85 ? 'own' : 'other';
    else if (type === 'uas') vendor = v < 0.6 ? 'peppi' : v < 0.85 ? 'visma_primus' : 'own';
    else vendor = v < 0.5 ? 'own' : 'other';
    if (vendor === 'own') systemName = 'Oma opiskelijarekisteri';
    if (vendor === 'other') systemName = 'Henkilöstöhallinnon järjestelmä';
  }
  const day = String(1 + Math.floor(rnd() * 27)).padStart(2, '0');
  let goLiveDate: string | null = null;
  if (stage >= 7) goLiveDate = `${GO_LIVE_MONTHS[(index * 7) % GO_LIVE_MONTHS.length]}-${day}`;
  else if (stage === 6) goLiveDate = `${PLANNED_MONTHS[index % PLANNED_MONTHS.length]}-${day}`;
  return { stage, route, vendor, systemName, goLiveDate };
}

/**
 * Inserts the seed institutions that do not exist yet, each with its steps, milestones and a history
 * (one save per step, dated along the way). Returns how many were added and skipped.
 */
export async function seedInstitutions(store: Store): Promise<{ inserted: number; skipped: number }> {
  let at = new Date();
  const repository = createOnboardingRepository(store, { clock: () => at });
  let inserted = 0;
  let skipped = 0;
  for (const [index, institution] of SEED_INSTITUTIONS.entries()) {
    if (!(await repository.createInstitution(institution))) {
      skipped++;
      continue;
    }
    inserted++;
    const plan = seedPlan(index, institution.type);
    const rnd = seededRandom(5000 + index);
    const gaps = Array.from({ length: 9 }, () => 14 + Math.floor(rnd() * 40));
    // Dates are laid out around an anchor: go-live closes step 6 for live institutions; the others
    // reached their current step within the last two months.
    const anchorStep = plan.stage >= 7 ? 6 : plan.stage;
    const anchorDate = plan.stage >= 7 && plan.goLiveDate ? plan.goLiveDate : addDays(LATEST_SEED_DATE, -Math.floor(rnd() * 60));
    const dateOf = (step: number): string => {
      let days = 0;
      for (let k = Math.min(step, anchorStep); k < Math.max(step, anchorStep); k++) days += gaps[k]!;
      const date = addDays(anchorDate, step < anchorStep ? -days : days);
      return date < LATEST_SEED_DATE ? date : LATEST_SEED_DATE;
    };
    const saveAt = (date: string) => {
      at = new Date(`${date}T09:00:00Z`);
    };

    saveAt(addDays(dateOf(1), -20));
    await repository.applyChanges(
      institution.id,
      { fields: { route: plan.route, vendor: plan.vendor, systemName: plan.systemName } },
      SEED_ACTOR,
    );

    for (let step = 1; step <= Math.min(plan.stage, 7); step++) {
      const date = dateOf(step);
      saveAt(date);
      const closed = step < plan.stage;
      const change: StepChange = {
        step,
        status: closed
          ? step === 4 && plan.route === 'ui_only'
            ? 'not_applicable'
            : 'done'
          : rnd() < 0.75
            ? 'in_progress'
            : 'not_started',
        date: closed ? date : null,
        responsible: RESPONSIBLE[(index + step) % RESPONSIBLE.length]!,
      };
      if (step === 4 && plan.route !== 'ui_only' && !closed) change.note = 'Testaus testiympäristössä käynnissä testiaineistolla.';
      const fields: Record<string, string | null> = {};
      if (step === 4 && plan.route !== 'ui_only') {
        fields.testAccountRequested = addDays(date, -30);
        if (closed || rnd() < 0.5) fields.testAccountReceived = addDays(date, -21);
      }
      if (step === 5 && (closed || rnd() < 0.5)) fields.joiningNotificationSubmitted = addDays(date, -14);
      if (step >= 6 || (step === 5 && closed)) fields.joiningNotificationProcessed = addDays(dateOf(5), -3);
      if (step === 6 && plan.goLiveDate) fields.goLiveDate = plan.goLiveDate;
      await repository.applyChanges(institution.id, { fields, steps: [change] }, SEED_ACTOR);
    }
  }
  return { inserted, skipped };
}

/**
 * A small, valid knowledge base written to a temporary folder, so engine, reload and watch tests do not
 * depend on the real articles (which their authors keep editing). Page keys are real pages.json keys.
 */
import { copyFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Lang } from '../../../bot/i18n/index.js';

interface MiniArticle {
  id: string;
  sources: string[];
  versions: Record<Lang, { title: string; keywords: string[]; questions: string[]; body: string }>;
}

export const MINI_ARTICLES: MiniArticle[] = [
  {
    id: 'testitunnukset',
    sources: ['testaus-suppeat', 'vaihe-4-integraatio'],
    versions: {
      fi: {
        title: 'Testiympäristön tunnukset',
        keywords: ['testitunnus', 'testiympäristö', 'palvelukäyttäjätunnus', 'virkailijatunnus'],
        questions: ['Miten saamme tunnukset testiympäristöön?'],
        body: 'Testiympäristön tunnukset tilataan osoitteesta yhteisetpalvelut@opintopolku.fi. Testaukseen tarvitaan palvelukäyttäjätunnus ja virkailijatunnus.\n\n- Tunnuksen voi pyytää jo ennen liittymisilmoitusta.\n- Tunnukset toimivat vain testiympäristössä.',
      },
      sv: {
        title: 'Koder för testmiljön',
        keywords: ['testkod', 'testmiljö', 'tjänsteanvändarkonto'],
        questions: ['Hur får vi koder till testmiljön?'],
        body: 'Koder för testmiljön beställs via yhteisetpalvelut@opintopolku.fi. För testning behövs ett tjänsteanvändarkonto och ett tjänstemannakonto.\n\n- Koden kan begäras redan före anslutningsanmälan.\n- Koderna fungerar bara i testmiljön.',
      },
      en: {
        title: 'Test environment credentials',
        keywords: ['test credentials', 'test environment', 'service user account'],
        questions: ['How do we get credentials for the test environment?'],
        body: 'Test environment credentials are ordered from yhteisetpalvelut@opintopolku.fi. Testing needs a service user account and an official account.\n\n- Credentials can be requested before the joining notification.\n- They only work in the test environment.',
      },
    },
  },
  {
    id: 'duplikaatit',
    sources: ['duplikaatit'],
    versions: {
      fi: {
        title: 'Duplikaattien yhdistäminen',
        keywords: ['duplikaatti', 'yhdistäminen', 'masterhenkilö'],
        questions: ['Miten duplikaatit yhdistetään?'],
        body: 'Duplikaatit haetaan näkymässä Hae duplikaatteja ja yhdistetään pari kerrallaan Yhdistä-painikkeella. Henkilötunnuksellinen henkilö on aina masterhenkilö.\n\n- Vanhin oppijanumero jää voimaan.',
      },
      sv: {
        title: 'Sammanslagning av dubbletter',
        keywords: ['dubblett', 'sammanslagning', 'huvudperson'],
        questions: ['Hur slår man ihop dubbletter?'],
        body: 'Dubbletter söks i vyn Hae duplikaatteja och slås ihop ett par i taget med knappen Yhdistä. Personen med personbeteckning är alltid huvudperson.\n\n- Det äldsta studentnumret förblir giltigt.',
      },
      en: {
        title: 'Merging duplicates',
        keywords: ['duplicate', 'merge', 'master person'],
        questions: ['How are duplicates merged?'],
        body: 'Duplicates are searched in the Hae duplikaatteja view and merged one pair at a time with the Yhdistä button. The person with a personal identity code is always the master person.\n\n- The oldest learner number stays valid.',
      },
    },
  },
  {
    id: 'cas-autentikaatio',
    sources: ['rajapintojen-autentikaatio'],
    versions: {
      fi: {
        title: 'Rajapintojen autentikaatio CAS:lla',
        keywords: ['CAS', 'TGT', 'service ticket', 'autentikaatio'],
        questions: ['Kauanko TGT on voimassa?'],
        body: 'Ulkoinen järjestelmä hakee ensin TGT:n, joka on voimassa 8 h, ja sen avulla service ticketin, joka elää 10 sekuntia.\n\n- Jos service ticketin haku palauttaa 404, TGT on uusittava.\n- Lähetä aina Caller-Id-otsake.',
      },
      sv: {
        title: 'Autentisering i gränssnitten med CAS',
        keywords: ['CAS', 'TGT', 'service ticket', 'autentisering'],
        questions: ['Hur länge gäller en TGT?'],
        body: 'Ett externt system hämtar först en TGT som gäller i 8 h och med den en service ticket som lever 10 sekunder.\n\n- Om hämtningen av service ticket ger 404 ska TGT förnyas.\n- Skicka alltid rubriken Caller-Id.',
      },
      en: {
        title: 'Interface authentication with CAS',
        keywords: ['CAS', 'TGT', 'service ticket', 'authentication'],
        questions: ['How long is a TGT valid?'],
        body: 'An external system first gets a TGT, valid for 8 h, and with it a service ticket that lives 10 seconds.\n\n- If fetching the service ticket returns 404, renew the TGT.\n- Always send the Caller-Id header.',
      },
    },
  },
  {
    id: 'hetuttomat',
    sources: ['yksilointi', 'laajat-tiedot'],
    versions: {
      fi: {
        title: 'Henkilöt ilman henkilötunnusta',
        keywords: ['hetuton', 'henkilötunnukseton', 'yksilöinti', 'vaihto-opiskelija'],
        questions: ['Kuka yksilöi hetuttoman henkilön?'],
        body: 'Henkilö, jolla ei ole suomalaista henkilötunnusta, yksilöidään aina käsin: yksilöinnin tekee virkailija.\n\n- Yksilöinnissä käytetään nimiä, syntymätietoja ja kansallisia tunnisteita.',
      },
      sv: {
        title: 'Personer utan personbeteckning',
        keywords: ['person utan personbeteckning', 'identifiering', 'utbytesstudent'],
        questions: ['Vem identifierar en person utan personbeteckning?'],
        body: 'En person utan finländsk personbeteckning identifieras alltid manuellt av en tjänsteman.\n\n- Vid identifieringen används namn, födelsedata och nationella identifierare.',
      },
      en: {
        title: 'People without a Finnish personal identity code',
        keywords: ['without personal identity code', 'identification', 'exchange student'],
        questions: ['Who identifies a person without a personal identity code?'],
        body: 'A person without a Finnish personal identity code is always identified manually by an official.\n\n- Identification uses names, birth data and national identifiers.',
      },
    },
  },
];

export function articleFile(article: MiniArticle, lang: Lang): string {
  const v = article.versions[lang];
  return [
    '---',
    `id: ${article.id}`,
    `lang: ${lang}`,
    `title: ${JSON.stringify(v.title)}`,
    `sources: [${article.sources.join(', ')}]`,
    `keywords: [${v.keywords.map((k) => JSON.stringify(k)).join(', ')}]`,
    'questions:',
    ...v.questions.map((q) => `  - ${JSON.stringify(q)}`),
    'updated: 2026-11-26',
    '---',
    v.body,
    '',
  ].join('\n');
}

/** Writes the mini KB to a fresh temp folder; call the returned `remove` in an after hook. */
export async function writeMiniKb(articles: MiniArticle[] = MINI_ARTICLES): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guidance-kb-'));
  for (const lang of ['fi', 'sv', 'en'] as const) {
    await mkdir(path.join(dir, lang), { recursive: true });
    for (const article of articles) await writeFile(path.join(dir, lang, `${article.id}.md`), articleFile(article, lang));
  }
  // The shipped lexicon (synonyms, question words); no decision model: the mini KB uses the fixed thresholds.
  await copyFile(path.resolve('kb/lexicon.yml'), path.join(dir, 'lexicon.yml'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

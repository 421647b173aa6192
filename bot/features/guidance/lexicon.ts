/**
 * Hand-kept word lists for the analyzer: extra stopwords (question words the Snowball lists lack),
 * compound parts the knowledge base may never use on their own, and one reviewed synonym table.
 * Everything here is written in base forms; the analyzer folds and stems them itself, so an entry
 * matches every inflection the stemmer merges.
 */
import type { Lang } from '../../i18n/index.js';

/** Question and filler words that carry no topic, in every language (checked after folding). */
export const QUESTION_WORDS: readonly string[] = [
  // fi
  'miten', 'kuinka', 'kauanko', 'montako', 'paljonko', 'voiko', 'saako', 'pitaako', 'onko', 'ovatko', 'tarvitaanko',
  'tarviiko', 'tarvitseeko', 'haluan', 'haluaisin', 'haluamme', 'voinko', 'voimmeko', 'saanko', 'saammeko', 'mista',
  'mihin', 'milloin', 'missa', 'miksi', 'mita', 'mika', 'mitka', 'kuka', 'ketka', 'kenelle', 'kenen', 'keneen',
  'jos', 'vai', 'kiitos', 'hei', 'moi', 'terve', 'tehda', 'teen', 'teemme', 'tehdaan', 'pitaa', 'pitaisi', 'kannattaa',
  'meidan', 'meille', 'meilla', 'meita', 'mina', 'minun', 'minulla', 'minulle', 'sina', 'te', 'teidan', 'esim',
  'tms', 'yms', 'jne', 'oli', 'olla', 'ollaan', 'tulee', 'tuli', 'saa', 'saada', 'saan', 'saamme', 'voi', 'voida',
  'joskus', 'yleensa', 'yleisesti', 'itse', 'jotain', 'jokin', 'mitaan', 'kaikki', 'kaikkea', 'kumpi', 'kummallakaan',
  'asia', 'asiaa', 'ohje', 'ohjeet', 'ohjeita', 'tapahtua', 'tapahtuu',
  // sv
  'hur', 'varfor', 'nar', 'var', 'vem', 'vilken', 'vilket', 'vilka', 'kan', 'far', 'maste', 'ska', 'skall', 'bor',
  'finns', 'gor', 'gora', 'jag', 'vi', 'oss', 'min', 'mitt', 'mina', 'var', 'vart', 'tack', 'hej', 'behover',
  // en
  'how', 'why', 'when', 'where', 'who', 'whom', 'which', 'what', 'can', 'could', 'may', 'might', 'must', 'should',
  'would', 'shall', 'do', 'does', 'did', 'get', 'got', 'need', 'want', 'please', 'thanks', 'hi', 'hello', 'our', 'we',
  'us', 'i', 'my', 'me', 'there', 'someone', 'anything', 'something', 'any', 'also',
];

/**
 * Compound parts that may not appear on their own in the articles, so that e.g. `ympäristö` finds
 * `testiympäristössä` and `oppijanumerohaku` splits. Base forms; folded by the analyzer.
 */
export const COMPOUND_PARTS: readonly string[] = [
  'testi', 'tuotanto', 'ympäristö', 'oppija', 'oppijan', 'numero', 'henkilö', 'tunnus', 'käyttö', 'oikeus', 'ilmoitus',
  'palvelu', 'käyttäjä', 'raja', 'pinta', 'haku', 'luonti', 'liittymis', 'liittyminen', 'rekisteri', 'tieto', 'tiedot',
  'virkailija', 'pääkäyttäjä', 'vastuu', 'järjestelmä', 'toimittaja', 'integraatio', 'kirjautuminen', 'tuonti',
  'yksilöinti', 'virhe', 'tilanne', 'tilanteet', 'salasana', 'sähköposti', 'osoite', 'tunniste', 'yleis', 'yhteys',
  'muutos', 'muutokset', 'opinto', 'hallinto', 'ohjelma', 'opiskelija', 'korkea', 'koulu', 'raportti', 'rooli',
  'kutsu', 'lomake', 'kortti', 'seloste', 'tietosuoja', 'duplikaatti', 'linkitys', 'yhdistäminen', 'aineisto',
  'testaus', 'kuvaus', 'tietokanta', 'hetu', 'hetuton', 'organisaatio', 'sijainen', 'opettaja', 'nimi', 'ehdot',
  // sv
  'student', 'nummer', 'test', 'miljö', 'användare', 'tjänst', 'tjänste', 'konto', 'gränssnitt', 'person', 'register',
  'beteckning', 'behörighet', 'anslutning', 'anmälan', 'lösenord', 'inloggning', 'uppgifter', 'system', 'leverantör',
  'ansvar', 'ansvarig', 'identifiering', 'fel', 'rapport', 'tjänsteman', 'inbjudan', 'dubblett', 'data',
  // en
  'learner', 'number', 'service', 'account', 'user', 'interface', 'environment', 'identity', 'identification',
];

/**
 * Reviewed synonyms: a word (any inflection, matched by its analysed key in the language given) adds
 * these words as alternative keys. Also used for common question verbs whose stem never meets the
 * noun the articles use (haluan liittyä ↔ liittymisilmoitus).
 */
export const SYNONYMS: Readonly<Record<Lang, Readonly<Record<string, readonly string[]>>>> = {
  fi: {
    hetu: ['henkilötunnus'],
    hetuton: ['henkilötunnukseton', 'hetuton'],
    hetullinen: ['henkilötunnuksellinen'],
    henkilötunnukseton: ['hetuton'],
    api: ['rajapinta'],
    apit: ['rajapinta'],
    rajapinta: ['api'],
    swagger: ['rajapinta'],
    ui: ['käyttöliittymä'],
    käyttis: ['käyttöliittymä'],
    tunnari: ['tunnus'],
    tunnukset: ['tunnus'],
    salis: ['salasana'],
    oid: ['oppijanumero'],
    onr: ['oppijanumerorekisteri'],
    tiketti: ['ticket'],
    lippu: ['ticket'],
    liittyä: ['liittymisilmoitus', 'liittyminen'],
    liitymme: ['liittymisilmoitus', 'liittyminen'],
    liittyminen: ['liittymisilmoitus'],
    unohdin: ['unohtunut', 'unohtaa'],
    unohtui: ['unohtunut', 'unohtaa'],
    yksilöidä: ['yksilöinti'],
    yksilöidään: ['yksilöinti'],
    yksilöity: ['yksilöinti'],
    hakea: ['haku'],
    haetaan: ['haku'],
    haen: ['haku'],
    hain: ['haku'],
    luoda: ['luonti'],
    luodaan: ['luonti'],
    luotiin: ['luonti'],
    tilata: ['tilaus'],
    tilataan: ['tilaus'],
    testata: ['testaus'],
    testataan: ['testaus'],
    kirjautua: ['kirjautuminen'],
    kirjaudun: ['kirjautuminen'],
    rekisteröityä: ['rekisteröityminen'],
    rekisteröidytään: ['rekisteröityminen'],
    poistaa: ['poisto'],
    poistetaan: ['poisto'],
    yhdistää: ['yhdistäminen'],
    yhdistetään: ['yhdistäminen'],
    linkittää: ['linkitys'],
    linkitetään: ['linkitys'],
    passivoida: ['passivointi'],
    passivoidaan: ['passivointi'],
    korjata: ['korjaus'],
    korjataan: ['korjaus'],
    kutsua: ['kutsu'],
    kutsutaan: ['kutsu'],
    maksaa: ['maksu', 'hinta'],
    maksullinen: ['maksu', 'hinta'],
    virhe: ['virheellinen'],
    lainsäädäntö: ['laki'],
    pykälä: ['laki'],
    oppilaitos: ['koulu', 'korkeakoulu'],
    koulu: ['oppilaitos'],
    opiskelija: ['oppija'],
    kesto: ['voimassa'],
    vanhenee: ['voimassa'],
  },
  sv: {
    personnummer: ['personbeteckning', 'henkilötunnus'],
    personbeteckning: ['personnummer'],
    hetu: ['personbeteckning', 'henkilötunnus'],
    api: ['gränssnitt'],
    gränssnitt: ['api'],
    studentnummer: ['oppijanumero'],
    lärandenummer: ['studentnummer'],
    inloggning: ['logga'],
    logga: ['inloggning'],
    ansluta: ['anslutning', 'anslutningsanmälan'],
    ansluter: ['anslutning', 'anslutningsanmälan'],
    testa: ['testning'],
    testar: ['testning'],
    skapa: ['skapande'],
    skapar: ['skapande'],
    hämta: ['hämtning'],
    hämtar: ['hämtning'],
    lösen: ['lösenord'],
    dubbletter: ['dubblett'],
    tjänstemän: ['tjänsteman'],
    biljett: ['ticket'],
  },
  en: {
    api: ['interface'],
    apis: ['interface'],
    interface: ['api'],
    ssn: ['personal', 'identity', 'code'],
    hetu: ['personal', 'identity', 'code', 'henkilötunnus'],
    henkilötunnus: ['personal', 'identity', 'code'],
    oppijanumero: ['learner', 'number'],
    student: ['learner'],
    login: ['log'],
    signin: ['log'],
    credentials: ['account'],
    username: ['account'],
    duplicate: ['duplicates'],
    join: ['joining'],
    ticket: ['ticket'],
    ui: ['user', 'interface'],
    oid: ['learner', 'number'],
    onr: ['learner', 'number', 'register'],
  },
};

/**
 * The guidance pages that knowledge-base articles cite, by key (canonical list: shared/knowledge/pages.json).
 * An article's `sources` must name keys from here; the answer card lists them under "Lähteet" as links.
 * Kept as a module so the bot needs no file outside the repository at run time.
 */
export interface SourcePage {
  key: string;
  title: string;
  url: string;
}

export const SOURCE_PAGES: readonly SourcePage[] = [
  { key: 'oppijanumeropalvelu', title: 'Oppijanumeropalvelu', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190613815' },
  {
    key: 'vaihtoehdot-oppijanumeron-hakuun',
    title: 'Vaihtoehdot oppijanumeron hakuun korkeakoulujen rekistereihin',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190613815#vaihtoehdot',
  },
  {
    key: 'vaihe-1-kenelle',
    title: '1. Kenelle oppijanumeron voi hakea',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/1.+Kenelle+oppijanumeron+voi+hakea',
  },
  {
    key: 'vaihe-2-tietosisallot',
    title: '2. Oppijanumeropalvelun tietosisällöt',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551624',
  },
  {
    key: 'vaihe-3-organisoituminen',
    title: '3. Organisoituminen ja vastuut',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/3.+Organisoituminen+ja+vastuut',
  },
  {
    key: 'vaihe-4-integraatio',
    title: '4. Integraation toteutus ja testaus',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/4.+Integraation+toteutus+ja+testaus',
  },
  {
    key: 'suppeat-tiedot',
    title: 'Oppijanumeropalvelu - suppeat tiedot',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/Oppijanumeropalvelu+-+suppeat+tiedot',
  },
  {
    key: 'testaus-suppeat',
    title: 'Oppijanumeropalvelun testaus (suppeat tiedot)',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=242718634',
  },
  {
    key: 'kayttoliittyma-haku-luonti',
    title: 'Oppijanumeron haku/luonti henkilötunnukselliselle henkilölle käyttöliittymän kautta',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=266430916',
  },
  {
    key: 'laajat-tiedot',
    title: 'Oppijanumeropalvelu - laajat tiedot',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/Oppijanumeropalvelu+-+laajat+tiedot',
  },
  {
    key: 'kayttooikeudet-laajat',
    title: 'Käyttöoikeudet - laajat tiedot',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551806',
  },
  { key: 'testioppijanumeroita', title: 'Testioppijanumeroita', url: 'https://wiki.eduuni.fi/display/OPHPALV/Testioppijanumeroita' },
  {
    key: 'vaihe-5-kayttoehdot',
    title: '5. Oppijanumeropalvelun käyttöehdot ja liittymisilmoitus',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=404882673',
  },
  { key: 'vaihe-6-kayttoonotto', title: '6. Käyttöönotto', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551658' },
  {
    key: 'kayttoliittyman-toiminnot',
    title: 'Käyttöliittymällä suoritettavat toiminnot',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551894',
  },
  {
    key: 'virheiden-kasittely',
    title: 'Oppijanumeropalvelun virheiden käsittely',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=272192612',
  },
  {
    key: 'palvelukayttajatunnus',
    title: 'Palvelukäyttäjätunnuksen luonti oppijanumeron hakuun (Käyttöoikeudet - suppeat tiedot)',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=303278626',
  },
  {
    key: 'vaihe-7-palaute',
    title: '7. Palaute ja kehitysehdotukset',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/7.+Palaute+ja+kehitysehdotukset',
  },
  {
    key: 'yksiloinnin-virhetilanteet',
    title: 'Yksilöinnin virhetilanteet: ohjeita virheiden ratkaisuun',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=328999561',
  },
  { key: 'duplikaatit', title: 'Duplikaattien yhdistäminen', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=371299127' },
  {
    key: 'rekisterinpitajan-toiminnot',
    title: 'Rekisterinpitäjän toiminnot',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190612924',
  },
  { key: 'yksilointi', title: 'Yksilöinti', url: 'https://confluence.csc.fi/pages/viewpage.action?pageId=78152860' },
  { key: 'mika-on-oppijanumero', title: 'Mikä on oppijanumero?', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190612188' },
  {
    key: 'koski-henkilotiedot',
    title: 'KOSKI: oppijan henkilötiedot',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190613478',
  },
  { key: 'palvelukayttajat', title: 'Palvelukäyttäjät', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190612253' },
  {
    key: 'vastuukayttaja',
    title: 'Käyttäjähallinnan vastuut ja vastuukäyttäjän rooli',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=197677407',
  },
  {
    key: 'kayttajaroolit',
    title: 'Käyttäjäroolit ja käyttöoikeuksien hallinnoinnin vastuut',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=197660271',
  },
  {
    key: 'kayttajaroolien-nimeaminen',
    title: 'Käyttäjäroolien nimeäminen',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=242724448',
  },
  { key: 'virkailijan-kutsuminen', title: 'Virkailijan kutsuminen', url: 'https://wiki.eduuni.fi/display/OPHPALV/Virkailijan+kutsuminen' },
  {
    key: 'rekisteroityminen-virkailijaksi',
    title: 'Rekisteröityminen virkailijaksi',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190613952',
  },
  {
    key: 'omien-tietojen-hallinta',
    title: 'Omien tietojen hallinta',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190614139',
  },
  {
    key: 'kayttajahallinta',
    title: 'Virkailijan Opintopolun käyttäjähallinta',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190612715',
  },
  { key: 'oppijanumero', title: 'Oppijanumero', url: 'https://wiki.eduuni.fi/display/OPHPALV/Oppijanumero' },
  {
    key: 'palvelukortti',
    title: 'Oppijanumerorekisterin palvelukortti',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/Oppijanumerorekisterin+palvelukortti',
  },
  { key: 'mpassid', title: 'MPASSid ja oppijanumero', url: 'https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero' },
  {
    key: 'sijaisopettajat-mpassid',
    title: 'Sijaisopettajat ja MPASSid',
    url: 'https://wiki.eduuni.fi/display/OPHPALV/Sijaisopettajat+ja+MPASSid',
  },
  {
    key: 'rajapintojen-autentikaatio',
    title: 'Rajapintojen autentikaatio',
    url: 'https://wiki.eduuni.fi/display/ophpolku/Rajapintojen+autentikaatio',
  },
  { key: 'ajankohtaista', title: 'Ajankohtaista', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=246257948' },
  {
    key: 'yleiskayttoiset-palvelut',
    title: 'Yleiskäyttöiset palvelut',
    url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=190612676',
  },
  {
    key: 'virta-oppijanumerot',
    title: 'Oppijanumeroiden hakeminen korkeakoulujen opiskelijarekistereihin',
    url: 'https://wiki.eduuni.fi/display/CSCVIRTA/Oppijanumeroiden+hakeminen+korkeakoulujen+opiskelijarekistereihin',
  },
  {
    key: 'tietosuojaseloste',
    title: 'Oppijanumerorekisterin tietosuojaseloste',
    url: 'https://opintopolku.fi/wp/tietosuojaseloste/oppijanumeronrekisterin-tietosuojaseloste/',
  },
  {
    key: 'onr-rajapinnat',
    title: 'Oppijanumerorekisterin rajapinnat (lähdekoodi)',
    url: 'https://github.com/Opetushallitus/oppijanumerorekisteri',
  },
  {
    key: 'digivisio-kooste',
    title: 'Digivision pilottiryhmän kooste oppijanumeron hakemisen ohjeista',
    url: 'https://wiki.eduuni.fi/x/Q8FXFQ',
  },
];

export function pageCatalog(pages: readonly SourcePage[] = SOURCE_PAGES): ReadonlyMap<string, SourcePage> {
  return new Map(pages.map((page) => [page.key, page]));
}

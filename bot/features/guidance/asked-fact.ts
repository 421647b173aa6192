/**
 * What kind of fact a question asks for, and whether a passage states a fact of that kind — the cue an
 * OPH service person uses when picking the paragraph to quote: "milloin" wants a date, "kuka" a role or
 * an organisation, "kuinka monta" a number, "mistä" an address, link or menu path, "miten" the steps,
 * "missä muodossa" an example of the form. Word lists cover Finnish, Swedish and English at once,
 * because members mix them ("when pitää ilmoittaa?"). Only question words are cues, never topic words,
 * so no cue is tied to one article.
 */

export type FactKind = 'when' | 'who' | 'quantity' | 'where' | 'how' | 'format';

/** A Unicode-aware whole-word pattern (`\b` is ASCII-only and splits "mihin mennessä" wrongly). */
const words = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

/** What follows "kuinka / hur / how" in a quantity question ("how long"), which is then no "how" question. */
const QUANTITY_AFTER_HOW =
  'monta|moneen|monelle|paljon|pitkä|pitkään|pitkäksi|kauan|usein|iso|suuri|många|mycket|länge|lång|ofta|stor|many|much|long|often|big|large';

const ASKED: ReadonlyArray<[FactKind, RegExp]> = [
  [
    'when',
    words(
      'milloin|mihin mennessä|mistä lähtien|mistä alkaen|sedan när|till när|hur snart|since when|by when|how soon|what date|deadline|määräaika|aikataulu|tidtabell',
    ),
  ],
  // "när" and "when" also join clauses ("CAS returns 415 when we post…"), and "koska" also means
  // "because": they ask "when" only when they open the question or one of its sentences.
  ['when', /(?:^|[.!?]\s+)(?:koska|när|when)\s/iu],
  ['who', words('kuka|ketkä|kenelle|keneltä|kenen|keneen|keille|keiltä|keiden|vem|vems|who|whom|whose')],
  [
    'quantity',
    words(
      `(?:kuinka|hur|how) (?:${QUANTITY_AFTER_HOW})|montako|paljonko|kauanko|moneenko|enintään|vähintään|maksimi\\p{L}*|minimi\\p{L}*|yläraja\\p{L}*|max|maximum|minimum|limit|at most|at least|högst|minst|gräns|gränsen|gränsvärde\\p{L}*`,
    ),
  ],
  [
    'where',
    // "mistä" also asks "why" (mistä johtuu) or "what about" (mistä on kyse); "mihin mennessä" asks when,
    // "mihin sitä tarvitaan / käytetään" what for;
    // "länkning" (linking records) is no link. Swedish "var" is also the past of "vara", so only a "var"
    // that opens the question or a clause counts.
    words(
      'mistä(?! (?:lähtien|alkaen|johtuu|on kyse|tietää))|missä(?! muodossa)|mihin(?! mennessä)(?! (?:\\p{L}+ ){0,2}(?:tarvi|käyte|käytt))|minne|osoite\\p{L}*|linkki\\p{L}*|sähköpostiosoite\\p{L}*|vart|varifrån|adress\\p{L}*|länk|länken|länkar|länkarna|where|address|link|url|endpoint',
    ),
  ],
  ['where', /(?:^|[.!?,;:]\s*)var(?![\p{L}\p{N}])/iu],
  [
    'how',
    words(
      `(?:miten|kuinka|hur|how)(?! (?:${QUANTITY_AFTER_HOW}))|millä tavalla|mitä (?:teen|teemme|tehdä|tehdään|pitää tehdä|nyt|seuraavaksi)|vad (?:gör|ska) (?:vi|jag|man)|what (?:should|do|can|must) (?:we|i) do|what to do|what now|next steps?`,
    ),
  ],
  ['format', words('miltä|missä muodossa|minkä muotoinen|muodossa|formaati?\\p{L}*|format\\p{L}*|look like|looks like|hur ser')],
];

/** The kinds of fact a question asks for (none for a plain topic question such as "yksilöinti?"). */
export function askedFacts(question: string): FactKind[] {
  const kinds = new Set<FactKind>();
  for (const [kind, cue] of ASKED) if (cue.test(question)) kinds.add(kind);
  return [...kinds];
}

const DATE = /(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4})?(?!\d|\.\d)/u;
const YEAR = /(?<![\d.])(?:19|20)\d{2}(?![\d]|\.\d)/u;
const MONTH = words(
  '(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)ku\\p{L}*|januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|january|february|march|may|june|july|august|october',
);
/** A span of time, with or without a number ("muutamassa minuutissa", "inom några minuter", "8 h"). */
const TIME_SPAN = words(
  '\\d+\\s?(?:h|min|s|vrk|pv|kk)|minuu\\p{L}*|tunni\\p{L}*|tunti\\p{L}*|päivä\\p{L}*|vuorokau\\p{L}*|viiko\\p{L}*|viikk\\p{L}*|kuukau\\p{L}*|vuode\\p{L}*|vuosi\\p{L}*|minut\\p{L}*|timm\\p{L}*|dag\\p{L}*|veck\\p{L}*|månad\\p{L}*|minutes?|hours?|days?|weeks?|months?|years?',
);
const TIME_WORD = words('klo|kello|mennessä|lähtien|alkaen|asti|saakka|senast|sedan|från och med|since|until|by the end');

/**
 * Organisations and roles the service's answers name ("OPH", "koulutuksen järjestäjä", "registerförare",
 * "vendor"). Finnish and Swedish role words end compounds (järjestelmätoimittaja, tietosuojavastaava,
 * huvudanvändare), so a role suffix counts inside a longer word.
 */
const ROLE = words(
  [
    'OPH|Opetushallitu\\p{L}*|Utbildningsstyrelsen|Finnish National Agency for Education|VTJ|DVV|CSC',
    '\\p{L}*(?:käyttäj|virkailij|pitäj|toimittaj|järjestäj|toimij|vastaav|sihteeri|ylläpitäj)\\p{L}*',
    'korkeakoulu\\p{L}*|oppilaito\\p{L}*|organisaatio\\p{L}*|asiakaspalvelu\\p{L}*',
    '\\p{L}*(?:användar|ansvarig|leverantör|anordnar|förare|sekreterar)\\p{L}*|tjänstem\\p{L}*',
    'högskol\\p{L}*|läroanstalt\\p{L}*|organisation\\p{L}*|kundtjänst\\p{L}*',
    '[a-z]*(?:users?|officials?|providers?|vendors?|suppliers?|administrators?|admins?|controllers?|officers?|secretar(?:y|ies))',
    'institutions?|organi[sz]ations?|customer service|registrar|HEIs?|universit(?:y|ies)',
  ].join('|'),
);

/** A number that is not part of an identifier (OID "1.2.246.562…", date) — a count, a size, a limit. */
const NUMBER = /(?<![\d.])\d+(?:[,.]\d+)?(?![\d]|\.\d)/u;
const NUMBER_WORD = words(
  'yksi|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|yhdeksän|kymmenen|sata|tuhat|enintään|vähintään|korkeintaan|två|tre|fyra|fem|sex|sju|åtta|nio|tio|hundra|tusen|högst|minst|upp till|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|at most|at least|up to',
);

/** Where to go: an e-mail address, a link, an API path, a menu path (→) or a quoted UI label. */
const EMAIL = /[\p{L}\p{N}._-]+@[\p{L}\p{N}-]+\.[\p{L}]{2,}/u;
const LINK = /https?:\/\/|www\.|(?<![\p{L}\p{N}])[\p{L}\p{N}-]+\.(?:fi|se|com|org|net)\/|(?<![\p{L}\p{N}/])\/[a-z][\w-]*/iu;
const MENU_PATH = /→|->| > /u;
const UI_LABEL = /"[^"\n]{2,60}"|“[^”\n]{2,60}”|”[^”\n]{2,60}”|«[^»\n]{2,60}»/u;

/** A numbered step list. */
const NUMBERED = /^\s*\d+[.)]\s/mu;

/** An example of a form: a dotted identifier, a placeholder (XXXX, {oid}), a standard's name. */
const IDENTIFIER = /\d+(?:\.\d+){3,}|X{3,}|\{[a-z]+\}|ISO\s?8601|<[^>\n]{2,30}>/u;

const steps = (t: string) => NUMBERED.test(t) || MENU_PATH.test(t) || UI_LABEL.test(t);

/**
 * What answers each kind, strongest evidence first. "How do I…?" is answered by the steps (a numbered
 * list, a menu path, the button or view to use); only when the article has no steps is the way to write
 * to someone (an e-mail address) the answer.
 */
const EVIDENCE: Record<FactKind, ReadonlyArray<(text: string) => boolean>> = {
  when: [(t) => DATE.test(t) || YEAR.test(t) || MONTH.test(t) || TIME_SPAN.test(t) || TIME_WORD.test(t)],
  who: [(t) => ROLE.test(t)],
  quantity: [(t) => NUMBER.test(t) || NUMBER_WORD.test(t)],
  where: [(t) => EMAIL.test(t) || LINK.test(t) || MENU_PATH.test(t) || UI_LABEL.test(t)],
  how: [steps, (t) => EMAIL.test(t)],
  format: [(t) => IDENTIFIER.test(t)],
};

/** The tests of a fact of this kind, strongest first (a passage passing any of them states one). */
export function factEvidence(kind: FactKind): ReadonlyArray<(text: string) => boolean> {
  return EVIDENCE[kind];
}

/** Whether a passage (plain text or the card's Markdown) states a fact of this kind. */
export function statesFact(passage: string, kind: FactKind): boolean {
  return EVIDENCE[kind].some((test) => test(passage));
}

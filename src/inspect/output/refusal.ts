/**
 * @module inspect/output/refusal
 * Refusal markers of chat answers: the phrases assistants use to decline, in English,
 * German, French, Spanish, Italian, Portuguese and Dutch. Matched case-insensitively, with
 * typographic apostrophes folded, in the first `REFUSAL_SCAN_CHARS` characters of the
 * answer (refusals open the answer; a long answer that later says "I cannot provide more
 * detail" is not a refusal). A rising refusal rate after a deploy means the new version
 * declines what the old one answered, or that someone is probing it.
 */

/** Characters of the answer scanned for a marker. */
export const REFUSAL_SCAN_CHARS = 400;

/**
 * The markers by language, lower-case, straight apostrophes.
 *
 * @example
 * REFUSAL_MARKERS.de.includes('ich kann dabei nicht helfen'); // true
 */
export const REFUSAL_MARKERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  en: [
    "i can't help with", 'i cannot help with', "i can't assist with", 'i cannot assist with', "i'm sorry, but i can't", "i'm sorry, but i cannot",
    'i am sorry, but i cannot', "i'm unable to help", 'i am unable to help', "i'm not able to help", "i can't provide", 'i cannot provide',
    'i must decline', "i can't comply", 'i cannot comply', "i can't fulfill", 'i cannot fulfill', "i won't be able to help", 'as an ai language model',
  ],
  de: [
    'ich kann dabei nicht helfen', 'ich kann dir dabei nicht helfen', 'ich kann ihnen dabei nicht helfen', 'es tut mir leid, aber ich kann',
    'leider kann ich dabei nicht', 'ich darf dabei nicht helfen', 'ich kann diese anfrage nicht', 'als ki-sprachmodell',
  ],
  fr: [
    'je ne peux pas vous aider', "je ne peux pas t'aider", 'désolé, mais je ne peux pas', 'je suis désolé, mais je ne peux',
    'je ne suis pas en mesure de vous aider', 'en tant que modèle de langage',
  ],
  es: ['no puedo ayudarte con', 'no puedo ayudar con', 'lo siento, pero no puedo', 'no puedo proporcionar', 'como modelo de lenguaje'],
  it: ['non posso aiutarti', 'mi dispiace, ma non posso', 'non posso fornire', 'come modello linguistico'],
  pt: ['não posso ajudar', 'desculpe, mas não posso', 'não posso fornecer', 'como modelo de linguagem'],
  nl: ['ik kan je daar niet mee helpen', 'ik kan daar niet mee helpen', 'het spijt me, maar ik kan', 'als ai-taalmodel'],
});

const ALL = Object.entries(REFUSAL_MARKERS).flatMap(([lang, markers]) => markers.map((m) => [lang, m] as const));

/** A refusal found in an answer. */
export interface RefusalMatch {
  readonly language: string;
  readonly marker: string;
}

/**
 * The first refusal marker in the opening of `answer`, or undefined.
 *
 * @example
 * findRefusal("I'm sorry, but I can't help with that.")?.language; // 'en'
 * findRefusal('Hier ist das Rezept: …'); // undefined
 */
export function findRefusal(answer: string): RefusalMatch | undefined {
  const head = answer.slice(0, REFUSAL_SCAN_CHARS).toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ');
  for (const [language, marker] of ALL) if (head.includes(marker)) return { language, marker };
  return undefined;
}

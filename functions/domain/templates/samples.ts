/**
 * Realistic variables per locale, for previews (what marketing ops sees before deploying a template) and
 * for the checks that every template renders and every SMS fits one part. Lengths are typical: a short
 * first name, an incident title of a few words, a crisis message of one or two sentences, short links.
 */
import type { SupportedLocale } from './locale';
import type { TemplateVariable } from './variables';

export type SampleVariables = Readonly<Record<TemplateVariable, string>>;

const links = {
  appUrl: 'https://app.example.com',
  unsubscribeUrl: 'https://example.com/u/eyJ2IjoxfQ.c2ln',
  statusPageUrl: 'https://status.example.com',
  postmortemUrl: 'https://status.example.com/pm/42',
  surveyUrl: 'https://example.com/s/K7fQ2xWm',
  helpUrl: 'https://example.com/help',
  reviewUrl: 'https://example.com/review',
  nextUpdateBy: '17:00',
  discountPercent: '20',
} as const;

export const SAMPLE_VARIABLES: Readonly<Record<SupportedLocale, SampleVariables>> = {
  en: {
    ...links,
    name: 'Ana',
    incidentId: 'INC-42',
    incidentTitle: 'Card payments failing',
    incidentMessage: 'A fix is being rolled out; payments should work again within the hour.',
    headline: 'Payments outage',
    crisisMessage: 'Card payments are failing. We are working on a fix.',
  },
  sk: {
    ...links,
    name: 'Žofia',
    incidentId: 'INC-42',
    incidentTitle: 'Platby kartou zlyhávajú',
    incidentMessage: 'Oprava sa nasadzuje; platby by mali do hodiny opäť fungovať.',
    headline: 'Výpadok platieb',
    crisisMessage: 'Platby kartou nefungujú. Pracujeme na oprave.',
  },
  cs: {
    ...links,
    name: 'Tereza',
    incidentId: 'INC-42',
    incidentTitle: 'Platby kartou selhávají',
    incidentMessage: 'Oprava se nasazuje; platby by měly do hodiny opět fungovat.',
    headline: 'Výpadek plateb',
    crisisMessage: 'Platby kartou nefungují. Pracujeme na opravě.',
  },
  hu: {
    ...links,
    name: 'Réka',
    incidentId: 'INC-42',
    incidentTitle: 'Nem működik a kártyás fizetés',
    incidentMessage: 'A javítást már telepítjük; egy órán belül újra működik a fizetés.',
    headline: 'Fizetési zavar',
    crisisMessage: 'A kártyás fizetés nem működik. Dolgozunk a javításán.',
  },
};
